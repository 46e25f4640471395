/** A plain progress bar on stderr, drawn only when stderr is a terminal (never in logs or pipes). */
import { Progress } from './options';

export class ProgressBar {
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr, private readonly width = 32) {}

  get enabled(): boolean {
    return Boolean(this.stream.isTTY);
  }

  update(p: Progress): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (p.done < p.total && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const share = p.total ? Math.min(1, p.done / p.total) : 1;
    const full = Math.round(share * this.width);
    const bar = '█'.repeat(full) + '░'.repeat(this.width - full);
    const secs = (now - this.started) / 1000;
    const eta = share > 0 && share < 1 ? ` eta ${Math.ceil((secs / share) * (1 - share))}s` : '';
    const label = p.phase === 'world' ? 'sellers' : 'invoice lines';
    this.stream.write(`\r${bar} ${(share * 100).toFixed(0).padStart(3)}% ${p.done}/${p.total} ${label} ${secs.toFixed(1)}s${eta}   `);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.stream.write('\n');
  }
}
