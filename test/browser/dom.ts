/** Reading a rendered memory map back from the page: regions, cells, their data-* and their drawn colour and size. */
import type { Page } from 'playwright-core';

export interface DrawnCell {
  readonly start: string;
  readonly end: string;
  readonly attr: string;
  readonly misread: boolean;
  /** The computed fill, as the browser paints it. */
  readonly fill: string;
}

export interface DrawnRegion {
  readonly lane: string;
  readonly region: string;
  readonly start: string;
  readonly end: string;
  readonly attr: string;
  /** Rendered height in CSS pixels. */
  readonly height: number;
  readonly cells: readonly DrawnCell[];
}

/**
 * An element as these reads use it. The project's tsconfig has no DOM lib (the callbacks passed
 * to `evaluateAll` run in the page), so playwright's element types do not resolve: the callbacks
 * name this instead.
 */
export interface PageElement {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { readonly top: number; readonly bottom: number; readonly height: number };
}

/** `window.getComputedStyle`, as far as these reads need it. */
interface ComputedStyle {
  getComputedStyle(element: PageElement): { fill: string };
}

/** Every region of the memory map in the counterexample section of `propertyId`. */
export async function drawnMap(page: Page, propertyId: string): Promise<DrawnRegion[]> {
  const groups = page.locator(`section.counterexample[id^="cx-"][data-property="${propertyId}"] svg.memory-map g.region`);
  return groups.evaluateAll((gs: PageElement[]) =>
    gs.map((g) => {
      const edge = g.querySelector('rect.edge');
      const cells = [...g.querySelectorAll('rect.cell')].map((c) => ({
        start: c.getAttribute('data-start') ?? '',
        end: c.getAttribute('data-end') ?? '',
        attr: c.getAttribute('data-attr') ?? '',
        misread: c.getAttribute('data-misread') === 'true',
        // (the project's tsconfig has no DOM lib; this runs in the page)
        fill: (globalThis as unknown as ComputedStyle).getComputedStyle(c).fill,
      }));
      return {
        lane: g.getAttribute('data-lane') ?? '',
        region: g.getAttribute('data-region') ?? '',
        start: g.getAttribute('data-start') ?? '',
        end: g.getAttribute('data-end') ?? '',
        attr: g.getAttribute('data-attr') ?? '',
        height: edge === null ? 0 : edge.getBoundingClientRect().height,
        cells,
      };
    }),
  );
}

/** The colour the legend shows for each attribute ("encrypted" -> "rgb(...)"). */
export async function legendFills(page: Page): Promise<Record<string, string>> {
  const swatches = page.locator('.legend rect[data-legend^="attr-"]');
  const pairs = await swatches.evaluateAll((rs: PageElement[]) => rs.map((r) => [r.getAttribute('data-legend')!.slice('attr-'.length), (globalThis as unknown as ComputedStyle).getComputedStyle(r).fill] as const));
  return Object.fromEntries(pairs);
}
