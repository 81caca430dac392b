/** What stands for the hidden part of every secret shown. */
export const MASK = '••••••••';

/**
 * What may be shown of a secret: at most its first 4 characters, fewer for a short value, then a
 * fixed mask that does not reveal the length.
 */
export function redact(value: string): string {
  const firstLine = value.split('\n')[0] ?? '';
  const shown = Math.min(4, Math.floor(firstLine.length / 4));
  return `${firstLine.slice(0, shown)}${MASK}`;
}

/** The pieces of a value to register with the runner's log masking: the whole value and each line of a multi-line one. */
export function maskPieces(value: string): string[] {
  const lines = value.split('\n').map((l) => l.trim()).filter((l) => l.length >= 6 && !l.startsWith('-----'));
  return [...new Set([value, ...lines])];
}

/** Replaces every occurrence of each secret in `text` with its redacted preview. */
export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    for (const piece of maskPieces(secret)) if (out.includes(piece)) out = out.split(piece).join(redact(piece));
  }
  return out;
}
