/**
 * A worker thread of the exploration by reads (properties/explore.ts, exploreOnWorkers): it
 * explores the rows it is sent (each over a part of the space), one after another, and posts each
 * environment done and each row's result. A design's runs are the same whatever else is explored
 * beside it, so a row explored here, in parts, is the row explored anywhere.
 */
import { parentPort } from 'node:worker_threads';
import type { SupportRow } from '../model/design/design.ts';
import type { Decisions } from '../model/design/registry.ts';
import type { Space } from './cubes.ts';
import { type LazyRow, lazyRowSteps } from './lazy-explore.ts';

/** A row to explore, over `space` (the whole space, or a part of it); `id` names it in what the worker posts. */
export interface RowTask {
  readonly id: number;
  readonly pair: SupportRow;
  readonly space: Space;
  readonly base: Decisions;
  readonly runs: number;
  readonly seed: number;
}

/** What a worker posts: an environment of a row done, a row's result, or why it failed. */
export type RowMessage =
  | { readonly kind: 'progress'; readonly id: number; readonly done: number }
  | { readonly kind: 'row'; readonly id: number; readonly row: LazyRow }
  | { readonly kind: 'error'; readonly message: string };

const port = parentPort;
if (port !== null) {
  port.on('message', (task: RowTask) => {
    try {
      const steps = lazyRowSteps(task.pair, task.space, task.base, task.runs, task.seed);
      for (;;) {
        const r = steps.next();
        if (r.done === true) {
          port.postMessage({ kind: 'row', id: task.id, row: r.value! } satisfies RowMessage);
          break;
        }
        port.postMessage({ kind: 'progress', id: task.id, done: r.value } satisfies RowMessage);
      }
    } catch (e) {
      port.postMessage({ kind: 'error', message: e instanceof Error ? e.message : String(e) } satisfies RowMessage);
    }
  });
}
