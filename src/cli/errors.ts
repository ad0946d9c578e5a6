/**
 * The two ways the CLI fails, each with its exit code: the command line itself is wrong (2, like
 * getopt tools), or the command was sound but something it needed failed (1).
 */

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A bad command line: unknown option, malformed value, unknown descriptor. Exit code 2. */
export class UsageError extends Error {
  readonly exitCode = EXIT_USAGE;
}

/** A sound command that could not be carried out: unreadable image, bad points file, write error. Exit code 1. */
export class CliError extends Error {
  readonly exitCode = EXIT_FAILURE;
}

/** The message of anything thrown, on one line (stack traces are for bugs, not for users). */
export function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

export function exitCodeOf(e: unknown): number {
  return e instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
}
