/** The report's one style sheet, inline (the file loads nothing). Colours name attributes, not verdicts alone. */
import { raw } from './html.ts';

export const ATTR_COLOURS = {
  encrypted: '#2f5f9e',
  plaintext: '#f0b43c',
  unwritten: '#d6d6d6',
  hole: '#ffffff',
} as const;

export const STYLE = raw(`
:root { color-scheme: light; --ink: #1d232b; --muted: #5b6570; --line: #d5dbe1; --bad: #c8102e; --good: #1d7a3a; --warn: #a86400; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); margin: 0; background: #f6f7f9; }
main { max-width: 1320px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 16px; margin: 0 0 8px; }
h4 { font-size: 14px; margin: 14px 0 6px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
p.lead { color: var(--muted); margin: 0 0 8px; }
code, pre, .mono { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
table { border-collapse: collapse; background: #fff; width: 100%; margin: 6px 0 10px; }
th, td { border: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: #eef1f4; font-weight: 600; }
td.nowrap { white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.site { color: var(--muted); font-size: 12px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.badge.holds, .badge.yes, .badge.met { background: #e3f3e8; color: var(--good); }
.badge.violated, .badge.no, .badge.unmet { background: #fbe3e6; color: var(--bad); }
.badge.unreached, .badge.limitation { background: #fdf0dc; color: var(--warn); }
.summary { display: flex; gap: 18px; flex-wrap: wrap; background: #fff; border: 1px solid var(--line); padding: 10px 14px; margin: 12px 0; }
.summary div span { color: var(--muted); margin-right: 6px; }
section.counterexample { background: #fff; border: 1px solid var(--line); border-left: 5px solid var(--bad); padding: 14px 18px; margin: 18px 0; }
.run { display: grid; grid-template-columns: minmax(230px, 300px) 1fr; gap: 18px; align-items: start; }
ol.timeline { list-style: none; margin: 0; padding: 0 0 0 14px; border-left: 3px solid var(--line); }
ol.timeline > li { position: relative; margin: 0 0 8px; padding-left: 12px; }
ol.timeline > li::before { content: ""; position: absolute; left: -23px; top: 4px; width: 13px; height: 13px; border-radius: 50%; background: #fff; border: 3px solid var(--line); }
ol.timeline > li.reached::before { border-color: var(--good); background: var(--good); }
ol.timeline > li.failing::before { border-color: var(--bad); background: var(--bad); }
ol.timeline > li.unreached { color: #9aa3ad; }
.stage { font-weight: 600; }
.stage-state { font-size: 12px; color: var(--muted); margin-left: 6px; }
li.failing .stage-state { color: var(--bad); font-weight: 700; }
ul.checks { margin: 4px 0 0; padding-left: 18px; font-size: 12px; }
ul.checks li { margin: 2px 0; word-break: break-word; }
ul.steps { list-style: none; margin: 2px 0 0; padding: 0; font-size: 12px; }
ul.steps li { color: var(--muted); }
ul.steps li.failing-step { color: var(--bad); font-weight: 700; }
pre.trace { background: #fbfbfc; border: 1px solid var(--line); padding: 8px 10px; margin: 0; white-space: pre-wrap; word-break: break-word; }
pre.trace .focus { background: #fbe3e6; color: var(--bad); font-weight: 700; display: block; }
pre.trace .stop { color: var(--bad); font-weight: 700; display: block; }
.observation { background: #fff6f6; border: 1px solid #f1c4ca; padding: 8px 10px; margin: 8px 0; }
.legend { display: flex; gap: 16px; flex-wrap: wrap; align-items: center; margin: 6px 0 8px; font-size: 12.5px; }
.legend svg { vertical-align: middle; margin-right: 4px; }
.map-wrap { overflow-x: auto; background: #fff; border: 1px solid var(--line); padding: 6px; }
svg.memory-map text { font-family: "DejaVu Sans", system-ui, sans-serif; font-size: 11px; }
svg.memory-map .address { font-family: "DejaVu Sans Mono", monospace; font-size: 10px; text-anchor: end; fill: var(--muted); }
svg.memory-map .lane-title { font-weight: 700; font-size: 12px; fill: var(--ink); }
svg.memory-map .boundary { stroke: #e4e8ec; stroke-width: 1; }
svg.memory-map .edge { fill: none; stroke: #3a4450; stroke-width: 1; }
svg.memory-map .misread, .legend .misread { fill: none; stroke: var(--bad); stroke-width: 3; stroke-dasharray: 6 3; }
svg.memory-map .label { fill: var(--ink); paint-order: stroke; stroke: rgba(255, 255, 255, .9); stroke-width: 3px; stroke-linejoin: round; }
svg.memory-map .failing-band { fill: var(--bad); fill-opacity: .10; stroke: var(--bad); stroke-opacity: .5; stroke-width: 1; pointer-events: none; }
svg.memory-map .label.size { font-size: 10px; }
.attr-encrypted { fill: ${ATTR_COLOURS.encrypted}; }
.attr-plaintext { fill: ${ATTR_COLOURS.plaintext}; }
.attr-unwritten { fill: ${ATTR_COLOURS.unwritten}; }
.attr-hole { fill: ${ATTR_COLOURS.hole}; stroke: #aab2bb; stroke-dasharray: 3 3; }
details { margin: 8px 0; }
summary { cursor: pointer; color: var(--muted); }
footer { color: var(--muted); font-size: 12px; margin-top: 40px; }
`);
