/**
 * Expected desk-admin failures (a refused request, a file in the way) and the exit codes,
 * sysexits-style, that scripts around desk-admin can rely on.
 */
export const EXIT = {
  ok: 0,
  /** An expected refusal: database, key or command error, explained on stderr. */
  failure: 1,
  /** The command line itself was wrong (unknown command or option, missing value). */
  usage: 64,
  /** A bug: something nobody expected went wrong. */
  internal: 70,
} as const;

export class CliError extends Error {
  override readonly name = 'CliError';
}

/**
 * A command that finished and has already said why, but must exit non-zero (audit verify
 * finding a break): carries the exit code, prints nothing more.
 */
export class CliExit extends Error {
  override readonly name = 'CliExit';
  readonly exitCode: number;
  constructor(exitCode: number) {
    super(`exit ${exitCode}`);
    this.exitCode = exitCode;
  }
}
