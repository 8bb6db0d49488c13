/** A canvas strip chart of per-class scores over time, plus per-class bars (no dependencies). */

export const COLORS: Record<string, string> = {
  angry: '#d7263d', disgust: '#6b8e23', fear: '#7e57c2', happy: '#f4a300', neutral: '#7a8599', sad: '#1e88e5',
};
const color = (label: string, i: number) => COLORS[label] ?? `hsl(${(i * 57) % 360} 60% 50%)`;

/** Scores over time, newest at the right; `spanSec` of history. */
export class StripChart {
  readonly #points: { t: number; scores: Readonly<Record<string, number>> }[] = [];
  constructor(readonly canvas: HTMLCanvasElement, readonly labels: readonly string[], readonly spanSec = 30) {}

  push(t: number, scores: Readonly<Record<string, number>>): void {
    this.#points.push({ t, scores });
    while (this.#points.length > 2 && this.#points[0]!.t < t - this.spanSec) this.#points.shift();
    this.draw();
  }

  draw(): void {
    const g = this.canvas.getContext('2d');
    if (!g) return;
    const { width: w, height: h } = this.canvas;
    g.clearRect(0, 0, w, h);
    g.strokeStyle = '#e3e6ee';
    g.lineWidth = 1;
    for (const y of [0.25, 0.5, 0.75]) {
      g.beginPath();
      g.moveTo(0, h - y * h);
      g.lineTo(w, h - y * h);
      g.stroke();
    }
    const last = this.#points[this.#points.length - 1];
    if (!last) return;
    const x = (t: number) => w - ((last.t - t) / this.spanSec) * w;
    this.labels.forEach((label, i) => {
      g.strokeStyle = color(label, i);
      g.lineWidth = 2;
      g.beginPath();
      this.#points.forEach((p, j) => {
        const y = h - (p.scores[label] ?? 0) * (h - 4) - 2;
        if (j === 0) g.moveTo(x(p.t), y);
        else g.lineTo(x(p.t), y);
      });
      g.stroke();
    });
  }
}

/** Fill `el` with one bar per class. */
export function renderBars(el: HTMLElement, labels: readonly string[], scores: Readonly<Record<string, number>>): void {
  el.replaceChildren(
    ...labels.flatMap((label, i) => {
      const name = document.createElement('span');
      name.textContent = label;
      const bar = document.createElement('div');
      bar.className = 'bar';
      const fill = document.createElement('i');
      fill.style.width = `${((scores[label] ?? 0) * 100).toFixed(1)}%`;
      fill.style.background = color(label, i);
      bar.append(fill);
      const pct = document.createElement('span');
      pct.textContent = `${((scores[label] ?? 0) * 100).toFixed(0)} %`;
      return [name, bar, pct];
    }),
  );
}

/** Colour legend for the strip chart. */
export function renderLegend(el: HTMLElement, labels: readonly string[]): void {
  el.replaceChildren(
    ...labels.map((label, i) => {
      const s = document.createElement('span');
      const sw = document.createElement('i');
      sw.style.background = color(label, i);
      s.append(sw, label);
      return s;
    }),
  );
}
