// The exploration's worker thread (explore-worker.ts) when the sources run through tsx, as in
// the tests, the benchmark and a checkout whose bundle is stale; the bundle has its own,
// dist/explore-worker.mjs. A worker does not inherit the loader its parent registered.
import { register } from 'tsx/esm/api';

register();
await import('./explore-worker.ts');
