/**
 * A self-contained HTML training report (inline CSS and SVG, no scripts, no external assets):
 * headline metrics, the confusion matrix as a heat-map, per-class metrics, training curves and,
 * for cross-validation, a per-fold table. Pure string building: works in Node and browsers.
 * @module
 */
import type { CrossValidationResult } from './cross-validate.js';
import type { ClassificationReport } from './metrics.js';
import type { EpochLog, TrainingHistory } from './trainer.js';

/** What {@link renderReportHtml} renders. Only `report` is required. */
export interface ReportHtmlInput {
  /** Page title. @defaultValue 'Training report' */
  readonly title?: string;
  /** The evaluation report (test set, or the pooled cross-validation report). */
  readonly report: ClassificationReport;
  /** Training history (or its epoch logs) for the curves. */
  readonly history?: TrainingHistory | readonly EpochLog[];
  /** Cross-validation result: adds mean ± std and a per-fold table. */
  readonly crossValidation?: CrossValidationResult;
  /** Extra key/value lines (dataset, model config, library version, date …), shown as given. */
  readonly meta?: Readonly<Record<string, string | number | boolean>>;
}

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const f4 = (x: number): string => x.toFixed(4);
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** Confusion matrix heat-map: colour = row-normalised rate (recall on the diagonal); text = count and rate. */
export function confusionHeatmapSvg(report: ClassificationReport): string {
  const labels = report.labels;
  const k = labels.length;
  const cell = Math.max(36, Math.min(64, Math.floor(480 / k)));
  const left = 110;
  const top = 40;
  const width = left + k * cell + 20;
  const height = top + k * cell + 70;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Confusion matrix">`,
  );
  parts.push(`<text x="${left + (k * cell) / 2}" y="16" text-anchor="middle" class="axis">predicted</text>`);
  parts.push(`<text x="14" y="${top + (k * cell) / 2}" text-anchor="middle" class="axis" transform="rotate(-90 14 ${top + (k * cell) / 2})">true</text>`);
  for (let t = 0; t < k; t++) {
    const row = report.confusion[t]!;
    const support = row.reduce((a, b) => a + b, 0);
    parts.push(`<text x="${left - 6}" y="${top + t * cell + cell / 2 + 4}" text-anchor="end" class="lab">${escapeHtml(labels[t]!)}</text>`);
    for (let p = 0; p < k; p++) {
      const count = row[p]!;
      const rate = support > 0 ? count / support : 0;
      // Diagonal in blue, errors in red; opacity = rate.
      const hue = t === p ? '37,99,235' : '220,38,38';
      const x = left + p * cell;
      const y = top + t * cell;
      parts.push(
        `<g class="cell" data-true="${t}" data-pred="${p}"><rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="rgba(${hue},${(0.08 + 0.92 * rate).toFixed(3)})" stroke="#fff"/>` +
          `<text x="${x + cell / 2}" y="${y + cell / 2}" text-anchor="middle" class="${rate > 0.55 ? 'num light' : 'num'}">${count}</text>` +
          `<text x="${x + cell / 2}" y="${y + cell / 2 + 13}" text-anchor="middle" class="${rate > 0.55 ? 'rate light' : 'rate'}">${pct(rate)}</text></g>`,
      );
    }
  }
  for (let p = 0; p < k; p++) {
    const x = left + p * cell + cell / 2;
    const y = top + k * cell + 12;
    parts.push(`<text x="${x}" y="${y}" text-anchor="end" class="lab" transform="rotate(-40 ${x} ${y})">${escapeHtml(labels[p]!)}</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

interface Series {
  readonly name: string;
  readonly color: string;
  readonly values: readonly (number | null)[];
  readonly dashed?: boolean;
}

/** A line chart of per-epoch series (nulls are skipped). */
export function lineChartSvg(
  title: string,
  epochs: readonly number[],
  series: readonly Series[],
  options: { readonly yMin?: number; readonly yMax?: number; readonly markEpoch?: number | null } = {},
): string {
  const W = 460;
  const H = 260;
  const L = 52;
  const R = 12;
  const T = 28;
  const B = 40;
  const values = series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v)));
  let lo = options.yMin ?? Math.min(...values);
  let hi = options.yMax ?? Math.max(...values);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    lo = 0;
    hi = 1;
  }
  if (hi - lo < 1e-9) {
    hi += 0.5;
    lo -= 0.5;
  }
  const e0 = epochs[0] ?? 1;
  const e1 = epochs[epochs.length - 1] ?? 1;
  const xOf = (e: number): number => L + (e1 === e0 ? (W - L - R) / 2 : ((e - e0) / (e1 - e0)) * (W - L - R));
  const yOf = (v: number): number => T + (1 - (v - lo) / (hi - lo)) * (H - T - B);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(title)}">`);
  out.push(`<text x="${L}" y="16" class="title">${escapeHtml(title)}</text>`);
  for (let i = 0; i <= 4; i++) {
    const v = lo + ((hi - lo) * i) / 4;
    const y = yOf(v);
    out.push(`<line x1="${L}" x2="${W - R}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" class="grid"/>`);
    out.push(`<text x="${L - 4}" y="${(y + 4).toFixed(1)}" text-anchor="end" class="tick">${v.toPrecision(3)}</text>`);
  }
  const ticks = Math.min(epochs.length, 8);
  for (let i = 0; i < ticks; i++) {
    const e = epochs[Math.round((i * (epochs.length - 1)) / Math.max(1, ticks - 1))]!;
    out.push(`<text x="${xOf(e).toFixed(1)}" y="${H - B + 16}" text-anchor="middle" class="tick">${e}</text>`);
  }
  out.push(`<text x="${(L + W - R) / 2}" y="${H - 6}" text-anchor="middle" class="axis">epoch</text>`);
  if (options.markEpoch != null) {
    const x = xOf(options.markEpoch).toFixed(1);
    out.push(`<line x1="${x}" x2="${x}" y1="${T}" y2="${H - B}" class="best"/><text x="${x}" y="${T - 2}" text-anchor="middle" class="tick">best</text>`);
  }
  series.forEach((s, si) => {
    const pts: string[] = [];
    s.values.forEach((v, i) => {
      if (v !== null && Number.isFinite(v)) pts.push(`${xOf(epochs[i]!).toFixed(1)},${yOf(v).toFixed(1)}`);
    });
    if (pts.length === 0) return;
    out.push(
      `<polyline fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''} points="${pts.join(' ')}" data-series="${escapeHtml(s.name)}"/>`,
    );
    if (pts.length === 1) {
      const [x, y] = pts[0]!.split(',');
      out.push(`<circle cx="${x}" cy="${y}" r="3" fill="${s.color}"/>`);
    }
    const lx = L + 8 + si * 105;
    out.push(`<line x1="${lx}" x2="${lx + 16}" y1="${T + 8}" y2="${T + 8}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`);
    out.push(`<text x="${lx + 20}" y="${T + 12}" class="tick">${escapeHtml(s.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('');
}

function perClassTable(report: ClassificationReport): string {
  const rows = report.perClass
    .map(
      (c) =>
        `<tr><th scope="row">${escapeHtml(c.label)}</th><td>${f4(c.precision)}</td><td>${f4(c.recall)}</td><td>${f4(c.f1)}</td><td>${c.support}</td><td>${c.predicted}</td></tr>`,
    )
    .join('');
  return (
    '<table class="metrics"><thead><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th><th>predicted</th></tr></thead>' +
    `<tbody>${rows}</tbody><tfoot><tr><th scope="row">macro</th><td>${f4(report.macroPrecision)}</td><td>${f4(report.uar)}</td><td>${f4(report.macroF1)}</td><td>${report.total}</td><td></td></tr></tfoot></table>`
  );
}

function curves(history: TrainingHistory | readonly EpochLog[]): string {
  const logs: readonly EpochLog[] = Array.isArray(history) ? history : (history as TrainingHistory).epochs;
  if (logs.length === 0) return '';
  const best = Array.isArray(history) ? null : (history as TrainingHistory).bestEpoch;
  const epochs = logs.map((l) => l.epoch);
  const hasVal = logs.some((l) => l.valLoss !== null);
  const loss = lineChartSvg(
    'Loss',
    epochs,
    [
      { name: 'train loss', color: '#2563eb', values: logs.map((l) => l.loss) },
      ...(hasVal ? [{ name: 'val loss', color: '#dc2626', values: logs.map((l) => l.valLoss), dashed: true }] : []),
    ],
    { markEpoch: best },
  );
  const acc = lineChartSvg(
    'Accuracy / UAR',
    epochs,
    [
      { name: 'train acc', color: '#2563eb', values: logs.map((l) => l.acc) },
      ...(hasVal
        ? [
            { name: 'val acc', color: '#dc2626', values: logs.map((l) => l.valAcc), dashed: true },
            { name: 'val UAR', color: '#16a34a', values: logs.map((l) => l.valUar), dashed: true },
          ]
        : []),
    ],
    { yMin: 0, yMax: 1, markEpoch: best },
  );
  const rows = logs
    .map(
      (l) =>
        `<tr><td>${l.epoch}</td><td>${f4(l.loss)}</td><td>${f4(l.acc)}</td><td>${l.valLoss === null ? '–' : f4(l.valLoss)}</td><td>${l.valAcc === null ? '–' : f4(l.valAcc)}</td><td>${l.valUar === null ? '–' : f4(l.valUar)}</td><td>${l.lr.toExponential(2)}</td><td>${l.seconds.toFixed(2)}</td></tr>`,
    )
    .join('');
  return (
    `<section><h2>Training curves</h2><div class="charts">${loss}${acc}</div>` +
    '<details><summary>Per-epoch log</summary><table class="epochs"><thead><tr><th>epoch</th><th>loss</th><th>acc</th><th>val loss</th><th>val acc</th><th>val UAR</th><th>lr</th><th>s</th></tr></thead>' +
    `<tbody>${rows}</tbody></table></details></section>`
  );
}

function cvSection(cv: CrossValidationResult): string {
  const ms = (m: { mean: number; std: number }) => `${f4(m.mean)} ± ${f4(m.std)}`;
  const rows = cv.folds
    .map(
      (f) =>
        `<tr><td>${f.fold + 1}</td><td>${f.trainSize}</td><td>${f.testSize}</td><td>${f4(f.report.accuracy)}</td><td>${f4(f.report.uar)}</td><td>${f4(f.report.macroF1)}</td><td>${f.history.epochs.length}</td></tr>`,
    )
    .join('');
  return (
    `<section><h2>Cross-validation (${cv.folds.length} folds${cv.aborted ? ', aborted' : ''})</h2>` +
    `<p class="cv">accuracy <b>${ms(cv.accuracy)}</b> · UAR <b>${ms(cv.uar)}</b> · macro-F1 <b>${ms(cv.macroF1)}</b> (mean ± population std over folds)</p>` +
    '<table class="folds"><thead><tr><th>fold</th><th>train</th><th>test</th><th>accuracy</th><th>UAR</th><th>macro-F1</th><th>epochs</th></tr></thead>' +
    `<tbody>${rows}</tbody></table></section>`
  );
}

const CSS = `body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#111;margin:24px;max-width:1000px}
h1{font-size:22px;margin:0 0 12px}h2{font-size:17px;margin:24px 0 8px}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:8px;padding:10px 14px;min-width:120px}
.card .v{font-size:22px;font-weight:600}.card .k{color:#555;font-size:12px;text-transform:uppercase}
table{border-collapse:collapse;margin:6px 0}th,td{border-bottom:1px solid #e5e5e5;padding:4px 10px;text-align:right}
th:first-child,td:first-child{text-align:left}thead th{border-bottom:2px solid #999}tfoot th,tfoot td{border-top:2px solid #999}
.charts{display:flex;flex-wrap:wrap;gap:16px}svg text{font:11px system-ui,sans-serif;fill:#333}svg .title{font-size:13px;font-weight:600}
svg .axis{fill:#555}svg .num{font-size:13px;font-weight:600}svg .light{fill:#fff}svg .grid{stroke:#eee}svg .best{stroke:#999;stroke-dasharray:3 3}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px}dl.meta dt{color:#555}ul.notes{color:#555}`;

/**
 * Render a standalone HTML page for a training / evaluation run.
 *
 * @returns a complete `<!doctype html>` document (UTF-8), safe to write to `report.html`.
 * @example
 * writeFileSync('report.html', renderReportHtml({ title: 'CREMA-D', report, history }));
 */
export function renderReportHtml(input: ReportHtmlInput): string {
  const { report } = input;
  const title = input.title ?? 'Training report';
  const card = (k: string, v: string) => `<div class="card"><div class="k">${k}</div><div class="v">${v}</div></div>`;
  const meta = input.meta
    ? `<dl class="meta">${Object.entries(input.meta)
        .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(String(v))}</dd>`)
        .join('')}</dl>`
    : '';
  const notes = report.notes.length ? `<ul class="notes">${report.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : '';
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title><style>${CSS}</style></head><body>`,
    `<h1>${escapeHtml(title)}</h1>`,
    meta,
    `<div class="cards">${card('accuracy', pct(report.accuracy))}${card('UAR', pct(report.uar))}${card('macro-F1', pct(report.macroF1))}${card('samples', String(report.total))}</div>`,
    input.crossValidation ? cvSection(input.crossValidation) : '',
    `<section><h2>Confusion matrix</h2>${confusionHeatmapSvg(report)}</section>`,
    `<section><h2>Per-class metrics</h2>${perClassTable(report)}${notes}</section>`,
    input.history ? curves(input.history) : '',
    '</body></html>',
  ].join('\n');
}
