/**
 * Long computations (checks, explorations) are generators that yield between steps; these run
 * one to the end, at once or giving the event loop a turn between steps (so that signals and
 * timers are seen).
 */

export function runToEnd<T>(steps: Generator<unknown, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done === true) return next.value;
  }
}

export async function runToEndAsync<T>(steps: Generator<unknown, T>): Promise<T> {
  for (;;) {
    const next = steps.next();
    if (next.done === true) return next.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
