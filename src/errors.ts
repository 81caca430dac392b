/**
 * A problem the user can fix (bad input, bad policy, missing permission). Its message is shown as
 * it is, without a stack trace, and the run reports `error` rather than `failure`.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : String(error);
}

/** The PR's head commit changed while the run read it: what was read may mix two commits. */
export class HeadMovedError extends Error {
  override readonly name = 'HeadMovedError';
  constructor(readonly from: string, readonly to: string) {
    super(`The head of the pull request moved from ${from.slice(0, 7)} to ${to.slice(0, 7)} while vendor-gate read it.`);
  }
}
