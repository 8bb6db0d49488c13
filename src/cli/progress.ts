/** A dependency-free progress bar on stderr (redrawn in place on a TTY, sparse lines otherwise). */
export class ProgressBar {
  readonly #label: string;
  readonly #total: number;
  readonly #tty: boolean;
  readonly #start = Date.now();
  #lastDraw = 0;
  #lastPct = -1;

  constructor(label: string, total: number, stream: NodeJS.WriteStream = process.stderr) {
    this.#label = label;
    this.#total = Math.max(1, total);
    this.#tty = Boolean(stream.isTTY);
  }

  /** Show `done` of total, with an optional suffix (e.g. a loss). */
  update(done: number, suffix = ''): void {
    const now = Date.now();
    const pct = Math.floor((100 * done) / this.#total);
    const final = done >= this.#total;
    if (this.#tty ? now - this.#lastDraw < 80 && !final : pct < this.#lastPct + 10 && !final) return;
    this.#lastDraw = now;
    this.#lastPct = pct;
    const width = 28;
    const filled = Math.round((width * Math.min(done, this.#total)) / this.#total);
    const secs = (now - this.#start) / 1000;
    const eta = done > 0 && !final ? ` eta ${Math.round((secs * (this.#total - done)) / done)}s` : '';
    const line = `${this.#label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.#total} ${secs.toFixed(1)}s${eta}${suffix ? ' ' + suffix : ''}`;
    if (this.#tty) process.stderr.write(`\r\x1b[2K${line}${final ? '\n' : ''}`);
    else process.stderr.write(line + '\n');
  }
}
