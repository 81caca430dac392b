import { redact, scrubText } from './redact.js';
import { scanText } from './scanner.js';

/** A run this long of letters and digits is treated as a credential of a format no rule knows ("/" and "." are left out so that paths survive). */
const TOKEN_RUN = /[A-Za-z0-9+=_-]{20,}/g;

/** `text` with every secret a rule finds, and every long mixed letter-and-digit run, cut to its redacted preview. */
export function maskTokens(text: string): string {
  const scrubbed = scrubText(text, scanText(text).map((m) => m.value));
  return scrubbed.replace(TOKEN_RUN, (run) => (/[0-9]/.test(run) && /[A-Za-z]/.test(run) ? redact(run) : run));
}

/** A quote of untrusted input for an error message: masked first (so a whole token is seen), then shortened. */
export function quoteUntrusted(text: string, max = 32): string {
  const masked = maskTokens(text);
  return JSON.stringify(masked.length > max ? `${masked.slice(0, max)}…` : masked);
}
