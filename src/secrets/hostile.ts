import { scannable, scanText, type ScannerOptions, type SecretMatch } from './scanner.js';

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
