/**
 * The memory map's scale in a real browser: a 2 TiB RAM range and 4 KiB pages on one map, each
 * page still a readable row, and no two address labels drawn over each other.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapSourceOfRun } from '../../cli/report/counterexample.ts';
import { html } from '../../cli/report/html.ts';
import { memoryMap } from '../../cli/report/memory-map/regions.ts';
import { memoryMapSvg } from '../../cli/report/memory-map/svg.ts';
import { STYLE } from '../../cli/report/style.ts';
import { preset } from '../../scenarios/designs/index.ts';
import { terabyteEnvironment } from '../report/layouts.ts';
import { launchChromium, offlinePage } from './chromium.ts';
import type { PageElement } from './dom.ts';

const OUT = join(process.cwd(), 'reports', 'browser');

let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  const map = memoryMap(mapSourceOfRun(terabyteEnvironment, preset('sme-kdump-v7').decisions, null));
  browser = await launchChromium();
  ({ page } = await offlinePage(browser));
  await page.setContent(html`<!DOCTYPE html><html><head><style>${STYLE}</style></head><body><div class="map-wrap">${memoryMapSvg(map, '2 TiB')}</div></body></html>`.text);
  await page.locator('svg.memory-map').screenshot({ path: join(OUT, 'memory-map-2tib.png') });
});

afterAll(async () => {
  await browser?.close();
});

const heightOf = async (region: string): Promise<number> =>
  (await page.locator(`g.region[data-region="${region}"] rect.edge`).boundingBox())?.height ?? 0;

describe('a memory map with a 2 TiB range', () => {
  it('draws a 4 KiB page as a readable row, and the 2 TiB range taller', async () => {
    expect(await heightOf('vmcoreinfo')).toBeGreaterThanOrEqual(15.5);
    expect(await heightOf('identity PGD')).toBeGreaterThanOrEqual(15.5);
    expect(await heightOf('ram[1]')).toBeGreaterThan(8 * (await heightOf('vmcoreinfo')));
  });

  it('labels every boundary, with no two address labels overlapping', async () => {
    const boxes = await page.locator('text.address').evaluateAll((ts: PageElement[]) => ts.map((t) => t.getBoundingClientRect()).map((r) => [r.top, r.bottom] as const));
    expect(boxes.length).toBeGreaterThan(20);
    boxes.slice(1).forEach(([top], i) => expect(top).toBeGreaterThanOrEqual(boxes[i]![1] - 0.5));
  });
});
