import { scanText, type ScannerOptions, type SecretMatch } from './scanner.js';

/**
 * The text to scan of bytes decoded as UTF-8: NUL bytes are dropped, so that neither a leading NUL
 * (git's "binary" test) nor UTF-16 (every ASCII character followed or preceded by a NUL) hides a
 * key. Newlines survive, so line numbers still hold.
 */
export function scannable(text: string): string {
  return text.includes('\0') ? text.replace(/\0/g, '') : text;
}

/** The secrets in file names: a path is as public as the file's content. */
export function scanPath(path: string, options: ScannerOptions = {}): SecretMatch[] {
  return scanText(scannable(path), options);
}

/** The raw secret values in any of `paths`, for redaction only. */
export function pathSecretValues(paths: Iterable<string | undefined>): string[] {
  const values = new Set<string>();
  for (const path of paths) if (path !== undefined) for (const m of scanPath(path)) values.add(m.value);
  return [...values];
}
