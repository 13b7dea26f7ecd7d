/**
 * A text progress bar on stderr (stdout stays clean for results). On a terminal it redraws
 * one line; in logs/CI it prints a line every 10% instead of hundreds of carriage returns.
 */
export type ProgressFn = (done: number, total: number) => void;

export interface ProgressBarOptions {
  stream?: NodeJS.WriteStream | { write(s: string): boolean; isTTY?: boolean };
  width?: number;
}

export function renderBar(label: string, done: number, total: number, width = 30): string {
  const frac = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  const filled = Math.round(frac * width);
  const pct = (frac * 100).toFixed(0).padStart(3);
  return `${label} [${"█".repeat(filled)}${"░".repeat(width - filled)}] ${pct}% ${done}/${total}`;
}

export function progressBar(label: string, options: ProgressBarOptions = {}): ProgressFn {
  const stream = options.stream ?? process.stderr;
  const tty = Boolean(stream.isTTY);
  const started = Date.now();
  let lastShown = -1;
  return (done, total) => {
    const step = total > 0 ? Math.floor((done / total) * (tty ? 100 : 10)) : 0;
    const finished = done >= total;
    if (step === lastShown && !finished) return;
    lastShown = step;
    const line = renderBar(label, done, total, options.width);
    if (tty) stream.write(`\r${line}${finished ? ` ${((Date.now() - started) / 1000).toFixed(1)}s\n` : ""}`);
    else if (finished || step !== 10) stream.write(`${line}\n`);
  };
}
