/** What the CLI says on stderr while it works. stdout stays clean for `--out -`. */

export interface Log {
  /** Progress ("describing source…"); silenced by --quiet. */
  progress(message: string): void;
  /** Something the user should know about the result (an image was downscaled); always shown. */
  notice(message: string): void;
}

export function stderrLog(quiet: boolean): Log {
  const write = (m: string) => process.stderr.write(`matchscope: ${m}\n`);
  return { progress: quiet ? () => {} : write, notice: write };
}

/** Milliseconds since `t0` (from performance.now()). */
export function since(t0: number): number {
  return performance.now() - t0;
}
