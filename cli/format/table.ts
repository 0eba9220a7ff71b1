/** Plain-text tables: columns padded to their widest cell, two spaces apart. */

/** Rows of cells as aligned lines, without a header. */
export function columns(rows: readonly (readonly string[])[]): string[] {
  const count = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: count }, (_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((cells) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
}

/** A header line and rows, aligned. */
export const table = (header: readonly string[], rows: readonly (readonly string[])[]): string[] => columns([header, ...rows]);

/** Lines indented by `by` spaces. */
export const indent = (lines: readonly string[], by = 2): string[] => lines.map((l) => `${' '.repeat(by)}${l}`);

/** "1.4 s", for text output only (JSON carries no timings). */
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
