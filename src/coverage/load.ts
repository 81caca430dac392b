import { closeSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { Minimatch } from 'minimatch';
import { errorMessage } from '../errors.js';
import { LIMITS, ReportParser } from './parse.js';
import { CoverageParseError, type CoverageInput, type ParsedReport } from './types.js';

/** Report file names taken from an artifact when the input coverage does not say which. */
export const DEFAULT_REPORT_GLOBS = [
  '**/lcov.info',
  '**/*.lcov',
  '**/coverage-final.json',
  '**/coverage-summary.json',
  '**/cobertura*.xml',
  '**/coverage.xml',
  '**/clover.xml',
  '**/jacoco*.xml',
  '**/coverage.out',
  '**/*.coverprofile',
];

/** Folders never searched for reports: they hold no reports of this run and can be huge. */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);
/** Folder entries a glob may visit before it gives up, so a huge workspace cannot stall the run. */
const WALK_LIMIT = 200_000;
const CHUNK = 4 * 1024 * 1024;

/** The input's patterns: one per line, or separated by commas outside braces (`cov/{unit,e2e}/lcov.info` is one glob). */
export function splitPatterns(input: string): string[] {
  const patterns: string[] = [];
  let current = '';
  let depth = 0;
  for (const c of input) {
    if (c === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    if (c === '\n' || (c === ',' && depth === 0)) {
      patterns.push(current);
      current = '';
      // A brace left open does not swallow the next line.
      if (c === '\n') depth = 0;
    } else {
      current += c;
    }
  }
  patterns.push(current);
  return patterns.map((p) => p.trim().replace(/^\.\//, '')).filter((p) => p !== '');
}

const isGlob = (pattern: string): boolean => /[*?[\]{}]/.test(pattern);

function walk(root: string, visit: (relativePath: string) => void): void {
  let seen = 0;
  const stack = [''];
  while (stack.length > 0) {
    const folder = stack.pop() ?? '';
    for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
      if (++seen > WALK_LIMIT) throw new Error(`the workspace has more than ${WALK_LIMIT} entries; name the report by its path instead of a glob`);
      const path = folder === '' ? entry.name : `${folder}/${entry.name}`;
      // Symbolic links are not followed: a report must be a real file of this workspace.
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) stack.push(path);
      else if (entry.isFile()) visit(path);
    }
  }
}

/** Workspace files named by the patterns, sorted; paths outside the workspace are refused. */
export function findReports(patterns: readonly string[], workspace: string): { files: string[]; problems: string[] } {
  const root = realpathSync(workspace);
  const files = new Set<string>();
  const problems: string[] = [];
  const globs: Minimatch[] = [];
  for (const pattern of patterns) {
    if (isGlob(pattern)) {
      globs.push(new Minimatch(pattern, { dot: true }));
      continue;
    }
    const absolute = resolve(root, pattern);
    let real: string;
    try {
      real = realpathSync(absolute);
    } catch {
      problems.push(`${pattern}: no such file`);
      continue;
    }
    if (real !== root && !real.startsWith(root + sep)) problems.push(`${pattern}: outside the workspace ${root}`);
    else if (!statSync(real).isFile()) problems.push(`${pattern}: not a file`);
    else files.add(relative(root, real).split(sep).join('/'));
  }
  if (globs.length > 0) {
    walk(root, (path) => {
      if (globs.some((g) => g.match(path))) files.add(path);
    });
    for (const [i, g] of globs.entries()) {
      if (![...files].some((f) => g.match(f))) problems.push(`${patterns.filter(isGlob)[i] ?? ''}: no file matches this glob`);
    }
  }
  return { files: [...files].sort(), problems };
}

/** Streams one report file through the parser in chunks, so that memory stays flat. */
export function parseFile(absolute: string, origin: string, budget: { bytes: number } = { bytes: 0 }): ParsedReport {
  const size = lstatSync(absolute).size;
  if (size > LIMITS.fileBytes) throw new CoverageParseError(origin, undefined, `the report is ${(size / 1024 / 1024).toFixed(1)} MB; the limit is ${LIMITS.fileBytes / 1024 / 1024} MB`);
  budget.bytes += size;
  if (budget.bytes > LIMITS.totalBytes) throw new CoverageParseError(origin, undefined, `the reports together exceed ${LIMITS.totalBytes / 1024 / 1024} MB`);
  const parser = new ReportParser(origin);
  const fd = openSync(absolute, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK);
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK, null);
      if (read === 0) break;
      // One buffer for the whole file: the parser copies whatever it keeps.
      parser.write(buffer.subarray(0, read));
    }
  } finally {
    closeSync(fd);
  }
  return parser.end();
}

/** How a missing report is explained: the action's input in a job's workspace, or the command line's option in a folder. */
export interface CoverageWording {
  /** What named the reports. */
  what: string;
  /** The folder the paths are relative to, as the reader knows it. */
  folder: string;
  fix: string;
}

export const ACTION_WORDING: Omit<CoverageWording, 'folder'> = {
  what: 'the input coverage',
  fix: 'Run the tests with coverage in an earlier step of this job (or download the report there), and check the path; it is relative to the workspace.',
};

/**
 * Reads the reports named by `input` (the action's `coverage`, or `--coverage`) below `workspace`. Every
 * failure becomes an `unavailable` input that names the input, the file and the line, so the gate fails closed.
 */
export function loadWorkspaceCoverage(input: string, workspace: string, wording: CoverageWording = { ...ACTION_WORDING, folder: `the workspace ${workspace}` }): CoverageInput {
  const patterns = splitPatterns(input);
  const expected = `${wording.what} is ${JSON.stringify(input.trim())}`;
  const { fix } = wording;
  let found: { files: string[]; problems: string[] };
  try {
    found = findReports(patterns, workspace);
  } catch (error) {
    return { kind: 'unavailable', reason: `Could not look for coverage reports (${expected}): ${errorMessage(error)}.`, fix };
  }
  if (found.problems.length > 0 || found.files.length === 0) {
    const problems = found.problems.length > 0 ? found.problems.join('; ') : 'nothing found';
    return { kind: 'unavailable', reason: `The coverage report is missing: ${expected}, expected in ${wording.folder}, but ${problems}.`, fix };
  }
  if (found.files.length > LIMITS.files) {
    return { kind: 'unavailable', reason: `${expected} names ${found.files.length} files; at most ${LIMITS.files} reports are read.`, fix: 'Name the reports more narrowly, or merge them first.' };
  }
  const budget = { bytes: 0 };
  const reports: ParsedReport[] = [];
  for (const file of found.files) {
    try {
      reports.push(parseFile(join(workspace, file), file, budget));
    } catch (error) {
      return unreadable(error, file);
    }
  }
  return { kind: 'reports', reports };
}

export function unreadable(error: unknown, origin: string): CoverageInput {
  const detail = error instanceof CoverageParseError ? error.message : `${origin}: ${errorMessage(error)}`;
  return {
    kind: 'unavailable',
    reason: `A coverage report could not be read: ${detail}`,
    fix: 'Check that the test run wrote the report completely, in lcov, Cobertura, Clover or JaCoCo XML, Istanbul or coverage.py JSON, or Go coverprofile format.',
  };
}
