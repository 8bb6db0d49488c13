/** `emotion-recog evaluate`: score a model on labelled corpora. */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadDataset } from '../../data/load-dataset.js';
import { EmotionRecognizer } from '../../recognizer/emotion-recognizer.js';
import { classificationReport, type ClassificationReport } from '../../train/metrics.js';
import { renderReportHtml } from '../../train/report-html.js';
import type { BackendName } from '../../types.js';
import { adaptTo } from '../adapt.js';
import { requireDataset } from '../dataset-arg.js';
import { ProgressBar } from '../progress.js';
import { UsageError } from '../usage-error.js';

export async function evaluate(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { model: { type: 'string' }, dataset: { type: 'string' }, data: { type: 'string' }, report: { type: 'string' }, json: { type: 'boolean' }, backend: { type: 'string' }, adapt: { type: 'boolean' }, 'front-end': { type: 'string' } },
  });
  // several datasets at once: --dataset a,b --data dirA,dirB (one report each, then all together)
  const datasets = (values.dataset ?? '').split(',').filter(Boolean).map((d) => requireDataset(d, 'evaluate'));
  if (datasets.length === 0) requireDataset(undefined, 'evaluate');
  if (!values.data) throw new UsageError('evaluate needs --data DIR.', 'evaluate');
  const dirs = values.data.split(',');
  if (dirs.length !== datasets.length) throw new UsageError(`evaluate needs one --data folder per --dataset (got ${datasets.length} datasets and ${dirs.length} folders, comma-separated).`, 'evaluate');
  const r = await EmotionRecognizer.load(values.model, { backend: (values.backend ?? 'auto') as BackendName | 'auto', ...(values['front-end'] !== undefined ? { frontEnd: values['front-end'] } : {}) });
  const allY: number[] = [];
  const allPred: number[] = [];
  let last: { rep: ClassificationReport; dataset: string; data: string; clips: number } | null = null;
  for (const [d, dataset] of datasets.entries()) {
    const { items } = await loadDataset(dataset, dirs[d]!);
    if (values.adapt) {
      await r.adapt(null);
      await adaptTo(r, items.map((i) => i.path));
    }
    const bar = new ProgressBar(`evaluate ${dataset}`, items.length);
    const ev = await r.evaluate(items, { onProgress: (n) => bar.update(n) });
    const rep = ev.report;
    items.forEach((it, i) => {
      allY.push(r.labels.indexOf(it.emotion));
      allPred.push(ev.predictions[i]!);
    });
    if (values.json) process.stdout.write(JSON.stringify({ dataset, clips: items.length, accuracy: rep.accuracy, uar: rep.uar, macroF1: rep.macroF1, confusion: rep.confusion, labels: rep.labels }) + '\n');
    else process.stdout.write(`${dataset}: ${items.length} clips: accuracy ${(rep.accuracy * 100).toFixed(1)}%  UAR ${(rep.uar * 100).toFixed(1)}%  macro-F1 ${(rep.macroF1 * 100).toFixed(1)}%\n`);
    last = { rep, dataset, data: dirs[d]!, clips: items.length };
  }
  let rep = last!.rep;
  if (datasets.length > 1) {
    rep = classificationReport(allY, allPred, r.labels);
    if (values.json) process.stdout.write(JSON.stringify({ dataset: 'all', clips: allY.length, accuracy: rep.accuracy, uar: rep.uar, macroF1: rep.macroF1, confusion: rep.confusion, labels: rep.labels }) + '\n');
    else process.stdout.write(`all: ${allY.length} clips: accuracy ${(rep.accuracy * 100).toFixed(1)}%  UAR ${(rep.uar * 100).toFixed(1)}%  macro-F1 ${(rep.macroF1 * 100).toFixed(1)}%\n`);
  }
  if (values.report) {
    const history = (r.metadata.training as { history?: unknown } | undefined)?.history;
    const dataset = datasets.join(', ');
    await writeFile(values.report, renderReportHtml({ title: `emotion-recog evaluation — ${dataset}`, report: rep, ...(Array.isArray(history) ? { history } : {}), meta: { model: values.model ?? 'bundled', dataset, data: values.data, clips: allY.length, ...(values.adapt ? { adapted: 'per dataset, from its own clips' } : {}) } }));
    process.stderr.write(`report written to ${values.report}\n`);
  }
  await r.dispose();
  return 0;
}
