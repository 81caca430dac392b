import { parseDiff, type DiffFile } from './parse.js';

/** One line a change adds, with its line number in the new version of the file. */
export interface AddedLine {
  line: number;
  text: string;
  /** The line's length in bytes when it was longer than the cap and `text` holds only its start. */
  length?: number;
}

/** The added lines of one file's unified diff (GitHub's `patch` field, or a section of `git diff`). */
export function addedLines(patch: string): AddedLine[] {
  const added: AddedLine[] = [];
  parseDiff(patch, {
    added: (_file, line, buffer, start, end, length) => {
      const text = buffer.toString('utf8', start, end);
      added.push(length === undefined ? { line, text } : { line, text, length });
    },
  }, { path: '' });
  return added;
}

/** Lines added and removed by one file's patch. */
export function patchCounts(patch: string): { additions: number; deletions: number } {
  let counts = { additions: 0, deletions: 0 };
  parseDiff(patch, { file: (f) => { counts = { additions: f.added, deletions: f.removed }; } }, { path: '' });
  return counts;
}

export interface FilePatch {
  path: string;
  previousPath?: string;
  binary: boolean;
  /** The hunks of this file, from its first "@@" line. */
  patch: string;
}

/** Splits the output of `git diff` (any context size, with renames) into one patch per file. */
export function splitGitDiff(diff: string | Buffer): FilePatch[] {
  const bytes = typeof diff === 'string' ? Buffer.from(diff, 'utf8') : diff;
  const files: DiffFile[] = [];
  parseDiff(bytes, { file: (f) => files.push(f) });
  return files.map((f) => ({
    path: f.path,
    ...(f.previousPath !== undefined ? { previousPath: f.previousPath } : {}),
    binary: f.binary,
    patch: f.hunks ? bytes.toString('utf8', f.hunks.start, f.hunks.end) : '',
  }));
}
