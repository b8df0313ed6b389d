/** The report page's only style sheet, inline (the page loads nothing). */
export const reportStyle = `
:root { color-scheme: light; --ok: #1a7f37; --bad: #cf222e; --warn: #bf8700; --run: #0969da; --ink: #1f2328; --dim: #656d76; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 14px/1.45 Arial, "Liberation Sans", Helvetica, sans-serif; color: var(--ink); margin: 24px auto; max-width: 1040px; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 0; }
code, pre { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: #f6f8fa; border: 1px solid var(--line); border-radius: 6px; padding: 8px; overflow-x: auto; white-space: pre-wrap; word-break: break-word; margin: 4px 0 8px; }
table { border-collapse: collapse; }
th, td { text-align: left; vertical-align: top; padding: 3px 12px 3px 0; }
th { color: var(--dim); font-weight: 600; white-space: nowrap; }
.facts td { padding-right: 24px; }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; font-weight: 600; color: #fff; background: var(--dim); vertical-align: 2px; }
.badge-succeeded { background: var(--ok); } .badge-failed, .badge-aborted { background: var(--bad); }
.badge-interrupted, .badge-paused { background: var(--warn); } .badge-running { background: var(--run); }
.badge-dry { background: #8250df; }
.outcome { font-size: 16px; font-weight: 600; }
.outcome-succeeded { color: var(--ok); } .outcome-failed, .outcome-aborted { color: var(--bad); } .outcome-paused, .outcome-interrupted { color: var(--warn); }
.legend span { margin-right: 14px; color: var(--dim); font-size: 12px; }
.legend i { display: inline-block; width: 12px; height: 10px; margin-right: 4px; border-radius: 2px; vertical-align: -1px; }
svg.timeline { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
svg .label { font: 12px ui-monospace, Menlo, Consolas, monospace; fill: var(--ink); }
svg .axis { font: 11px Arial, "Liberation Sans", Helvetica, sans-serif; fill: var(--dim); }
svg .tick { stroke: #eaeef2; }
svg .row { stroke: #f0f2f4; }
svg .bar-succeeded { fill: var(--ok); } svg .bar-failed { fill: var(--bad); } svg .bar-running { fill: var(--run); }
svg .bar-interrupted { fill: #eac54f; } svg rect.bar-interrupted { fill: url(#hatch); stroke: var(--warn); }
svg .hatch { stroke: var(--warn); stroke-width: 2; }
svg .poll { stroke: #0a3069; stroke-width: 1.5; }
svg .progress { fill: none; stroke: #fff; stroke-width: 1.5; }
svg .answer { fill: #8250df; stroke: #fff; stroke-width: 1.5; }
svg .skip { fill: #fff; stroke: var(--dim); stroke-width: 1.5; }
svg .gap-paused { fill: #fff8c5; } svg .gap-stopped { fill: #eaeef2; }
.step { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; margin: 10px 0; break-inside: avoid; }
.step-head { display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
.step-title { color: var(--dim); }
.step .facts { color: var(--dim); font-size: 13px; margin: 4px 0; }
.approval { font-weight: 600; color: #8250df; }
.error { color: var(--bad); }
.label-small { font-size: 12px; color: var(--dim); margin: 8px 0 0; }
footer { margin-top: 32px; color: var(--dim); font-size: 12px; }
@media print { body { margin: 0; max-width: none; } .step { page-break-inside: avoid; } }
`;
