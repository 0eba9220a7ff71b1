/**
 * Remembering a derived value for as long as its input is the one being asked about.
 *
 * A run asks for the same derived values (the crash image's placement in a layout, the pages a
 * dump reads, a machine's address decoding) at several stages, and `explore` runs one environment
 * under design after design. `lastOf(fn)` remembers fn's last argument (by identity) and result:
 * exact for pure `fn` over immutable inputs, and, unlike a WeakMap, it holds on to one entry only
 * and gives the garbage collector nothing to do (V8 keeps WeakMap entries with short-lived keys
 * alive through young-generation collections, which made every run's garbage old).
 */
export function lastOf<K extends object, V>(fn: (key: K) => V): (key: K) => V {
  let lastKey: K | undefined;
  let lastValue: V | undefined;
  return (key) => {
    if (key !== lastKey) {
      lastValue = fn(key);
      lastKey = key;
    }
    return lastValue as V;
  };
}
