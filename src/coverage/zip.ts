import { Minimatch } from 'minimatch';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { quoteUntrusted } from '../secrets/quote.js';
import { LIMITS, ReportParser } from './parse.js';
import { CoverageParseError, type ParsedReport } from './types.js';

/** Entries of an archive that are looked at at all, so a zip of a million empty files ends quickly. */
const MAX_ENTRIES = 10_000;

function open(zip: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    // yauzl refuses absolute paths and ".." in entry names, and checks that entries inflate to their declared size.
    yauzl.fromBuffer(zip, { lazyEntries: true, validateEntrySizes: true, decodeStrings: true, strictFileNames: true }, (error, file) => {
      if (error) reject(error);
      else resolve(file);
    });
  });
}

/** A safe entry name: relative, with "/" separators, no ".." and no drive letter. */
export function safeEntryName(name: string): boolean {
  if (name.startsWith('/') || name.includes('\\') || /^[A-Za-z]:/.test(name)) return false;
  return !name.split('/').some((segment) => segment === '..');
}

function parseEntry(zip: ZipFile, entry: Entry, origin: string): Promise<ParsedReport> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) {
        reject(error);
        return;
      }
      const parser = new ReportParser(origin);
      stream.on('data', (chunk: Buffer) => {
        try {
          parser.write(chunk);
        } catch (parseError) {
          stream.destroy();
          reject(parseError instanceof Error ? parseError : new Error(String(parseError)));
        }
      });
      stream.on('error', reject);
      stream.on('end', () => {
        try {
          resolve(parser.end());
        } catch (parseError) {
          reject(parseError instanceof Error ? parseError : new Error(String(parseError)));
        }
      });
    });
  });
}

/**
 * Parses the coverage reports inside an artifact zip, in memory: no entry is ever written to disk,
 * names are checked, and declared and actual sizes are held to the report limits.
 */
export async function reportsFromZip(zip: Buffer, artifact: string, patterns: readonly string[]): Promise<ParsedReport[]> {
  const file = await open(zip);
  const globs = patterns.map((p) => new Minimatch(p, { dot: true }));
  const reports: ParsedReport[] = [];
  let total = 0;
  let seen = 0;
  try {
    for (;;) {
      const entry = await new Promise<Entry | undefined>((resolve, reject) => {
        file.once('entry', resolve);
        file.once('end', () => { resolve(undefined); });
        file.once('error', reject);
        file.readEntry();
      });
      file.removeAllListeners();
      if (!entry) break;
      if (++seen > MAX_ENTRIES) throw new CoverageParseError(artifact, undefined, `the artifact has more than ${MAX_ENTRIES} entries`);
      const name = entry.fileName;
      if (!safeEntryName(name)) throw new CoverageParseError(artifact, undefined, `the entry ${quoteUntrusted(name.slice(0, 200), 80)} is not a safe relative path`);
      if (name.endsWith('/') || !globs.some((g) => g.match(name))) continue;
      const origin = `${artifact}/${name}`;
      if (entry.uncompressedSize > LIMITS.fileBytes) throw new CoverageParseError(origin, undefined, `the report is larger than ${LIMITS.fileBytes / 1024 / 1024} MB`);
      total += entry.uncompressedSize;
      if (total > LIMITS.totalBytes) throw new CoverageParseError(origin, undefined, `the reports together exceed ${LIMITS.totalBytes / 1024 / 1024} MB`);
      if (reports.length >= LIMITS.files) throw new CoverageParseError(artifact, undefined, `the artifact holds more than ${LIMITS.files} reports`);
      reports.push(await parseEntry(file, entry, origin));
    }
  } finally {
    file.close();
  }
  return reports;
}
