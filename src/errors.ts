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
