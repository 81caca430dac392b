/** Longest line a line-based report may have: a path, never a megabyte. */
export const MAX_LINE_BYTES = 64 * 1024;

/**
 * Reads a non-negative decimal integer at `start`; returns the value and where it stopped, or
 * `undefined` when there are no digits.
 */
export function readUint(buffer: Buffer, start: number, end: number): { value: number; next: number } | undefined {
  let value = 0;
  let i = start;
  while (i < end) {
    const c = buffer[i] ?? 0;
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
    i++;
  }
  return i === start ? undefined : { value, next: i };
}
