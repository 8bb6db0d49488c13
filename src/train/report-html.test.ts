import { describe, expect, it } from 'vitest';
import type { CrossValidationResult } from './cross-validate.js';
import { classificationReport, meanStd } from './metrics.js';
import { escapeHtml, renderReportHtml } from './report-html.js';
import type { EpochLog, TrainingHistory } from './trainer.js';

const report = classificationReport([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, 2], ['angry', '<happy>', 'sad']);
const epochs: EpochLog[] = [1, 2, 3].map((epoch) => ({
  epoch,
  loss: 1.5 / epoch,
  acc: 0.3 * epoch,
  valLoss: 1.2 + 0.01 * epoch,
  valAcc: 0.25 * epoch,
  valUar: 0.2 * epoch,
  lr: 0.001,
  seconds: 1.25,
  samplesPerSec: 100,
}));
const history: TrainingHistory = {
  epochs,
  monitor: 'val_loss',
  bestEpoch: 1,
  bestValue: 1.21,
  restoredBestWeights: true,
  stopReason: 'completed',
  engine: 'tfjs',
  classWeights: [1, 1, 1],
  resumedFromEpoch: 0,
  finalLearningRate: 0.001,
};

describe('renderReportHtml', () => {
  const html = renderReportHtml({ title: 'Run <1>', report, history, meta: { dataset: 'RAVDESS & TESS', seed: 42 } });

  it('is one self-contained document: inline SVG and CSS, no scripts or external resources', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('</html>');
    expect(html).not.toMatch(/<script|<link|src=|href=|@import|url\(/i);
    expect(html.match(/<svg /g)).toHaveLength(3); // heat-map + 2 charts
  });

  it('shows the headline numbers, per-class table and escaped labels', () => {
    expect(html).toContain('<title>Run &lt;1&gt;</title>');
    expect(html).toContain('66.7%'); // accuracy 4/6
    expect(html).toContain('72.2%'); // UAR 13/18
    expect(html).toContain('65.6%'); // macro-F1 59/90
    expect(html).toContain('<tr><th scope="row">angry</th><td>1.0000</td><td>0.6667</td><td>0.8000</td><td>3</td><td>2</td></tr>');
    expect(html).toContain('<th scope="row">&lt;happy&gt;</th><td>0.5000</td><td>0.5000</td><td>0.5000</td><td>2</td>');
    expect(html).not.toContain('<happy>');
    expect(html).toContain('<dt>dataset</dt><dd>RAVDESS &amp; TESS</dd>');
  });

  it('draws every confusion cell with its count and row rate', () => {
    const cells = [...html.matchAll(/<g class="cell" data-true="(\d)" data-pred="(\d)">.*?class="num[^"]*">(\d+)<\/text>.*?class="rate[^"]*">([\d.]+)%<\/text><\/g>/g)];
    expect(cells).toHaveLength(9);
    for (const [, t, p, count, rate] of cells) {
      const row = report.confusion[Number(t)]!;
      expect(Number(count)).toBe(row[Number(p)]);
      expect(Number(rate)).toBeCloseTo((100 * row[Number(p)]!) / row.reduce((a, b) => a + b, 0), 1);
    }
  });

  it('plots loss and accuracy curves with one point per epoch and the per-epoch log', () => {
    const lines = [...html.matchAll(/<polyline [^>]*points="([^"]+)" data-series="([^"]+)"/g)];
    expect(lines.map((l) => l[2])).toEqual(['train loss', 'val loss', 'train acc', 'val acc', 'val UAR']);
    for (const l of lines) expect(l[1]!.split(' ')).toHaveLength(3);
    expect(html).toContain('<tr><td>2</td><td>0.7500</td><td>0.6000</td><td>1.2200</td><td>0.5000</td><td>0.4000</td><td>1.00e-3</td><td>1.25</td></tr>');
    expect(html).toContain('>best</text>');
  });

  it('adds the cross-validation summary and per-fold rows', () => {
    const accs = [0.5, 0.7];
    const cv: CrossValidationResult = {
      folds: accs.map((a, i) => ({ fold: i, report: { ...report, accuracy: a }, history, trainSize: 10, testSize: 6 })),
      accuracy: meanStd(accs),
      uar: meanStd([report.uar, report.uar]),
      macroF1: meanStd([report.macroF1, report.macroF1]),
      confusion: report.confusion,
      pooled: report,
      aborted: false,
    };
    const page = renderReportHtml({ report, crossValidation: cv });
    expect(page).toContain('Cross-validation (2 folds)');
    expect(page).toContain('accuracy <b>0.6000 ± 0.1000</b>');
    expect(page).toContain('<tr><td>2</td><td>10</td><td>6</td><td>0.7000</td>');
    expect(page).not.toContain('Training curves');
  });

  it('escapes all HTML metacharacters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
