import { LineSplitter } from '../lines.js';

/**
 * Bytes of one diff line that are kept and handed on. Real secrets and source lines are far shorter
 * (a one-line service account key is about 2.3 KB); a longer line is minified or generated content,
 * and its first MiB is enough to show that, while memory stays flat and per-line regexes stay cheap.
 */
export const MAX_DIFF_LINE_BYTES = 1024 * 1024;

/** One file of a diff, as far as its header and hunks have been read. */
export interface DiffFile {
  /** The new path; a deleted file's old path. */
  path: string;
  /** Only for a rename or a copy. */
  previousPath?: string;
  binary: boolean;
  added: number;
  removed: number;
  /** Offsets in the diff of its hunks: from the first "@@" to the end of its last hunk line (its "\n" excluded). */
  hunks?: { start: number; end: number };
}

/** `text` is bytes [start, end) of `buffer`, valid only during the call; `length` is set when the line was cut at the cap. */
export type OnDiffLine = (file: DiffFile, line: number, buffer: Buffer, start: number, end: number, length: number | undefined) => void;

export interface DiffHandler {
  /** An added line and its number in the new file. */
  added?: OnDiffLine;
  /** A context line and its number in the new file. */
  context?: OnDiffLine;
  /** A new hunk of `file` starts at `newStart`. */
  hunk?: (file: DiffFile, newStart: number) => void;
  /** The file's section of the diff has ended; the file is final. */
  file?: (file: DiffFile) => void;
}

export interface DiffOptions {
  maxLineBytes?: number;
  /** A single file's patch, as GitHub gives it (hunks only): its path, and file headers are not looked for. */
  path?: string;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
const PLUS = 43;
const MINUS = 45;
const SPACE = 32;
const AT = 64;
const BACKSLASH = 92;
const ESCAPES: Record<string, number> = { n: 10, t: 9, '"': 34, '\\': 92, a: 7, b: 8, f: 12, r: 13, v: 11 };

/**
 * Reads a name as git writes it: C-quoted with octal escapes when it holds special characters, else
 * bare up to a tab (git and diff -u put a tab, and maybe a timestamp, after the name). Returns the
 * name and where it ended.
 */
export function readPath(text: string, from = 0): { name: string; next: number } {
  if (text.charAt(from) !== '"') {
    const tab = text.indexOf('\t', from);
    return { name: text.slice(from, tab < 0 ? text.length : tab), next: tab < 0 ? text.length : tab };
  }
  const bytes: number[] = [];
  let i = from + 1;
  for (; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '"') {
      i++;
      break;
    }
    if (c !== '\\') {
      for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
      continue;
    }
    const next = text.charAt(++i);
    if (/[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(text.slice(i, i + 3))?.[0] ?? next;
      bytes.push(parseInt(octal, 8) & 0xff);
      i += octal.length - 1;
    } else {
      const escaped = ESCAPES[next];
      if (escaped !== undefined) bytes.push(escaped);
      else for (const b of Buffer.from(next, 'utf8')) bytes.push(b);
    }
  }
  return { name: Buffer.from(bytes).toString('utf8'), next: i };
}

/** A name with its a/ or b/ prefix dropped; undefined for /dev/null. */
function sideName(text: string, prefix: string): string | undefined {
  const { name } = readPath(text);
  if (name === '/dev/null') return undefined;
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

/** The new name from "diff --git a/X b/Y", when it can be told: a bare name with " b/" in it is ambiguous unless both sides are equal. */
function gitHeaderName(rest: string): string | undefined {
  if (rest.startsWith('"')) {
    const first = readPath(rest);
    const second = rest.slice(first.next + 1);
    return second.startsWith('"') || second.startsWith('b/') ? sideName(second, 'b/') : undefined;
  }
  const quoted = rest.indexOf(' "b/');
  if (quoted >= 0) return sideName(rest.slice(quoted + 1), 'b/');
  const same = /^a\/(.*) b\/\1$/s.exec(rest);
  if (same) return same[1];
  const split = rest.indexOf(' b/');
  return split >= 0 && rest.indexOf(' b/', split + 1) < 0 ? rest.slice(split + 3) : undefined;
}

interface OpenFile {
  file: DiffFile;
  gitName?: string;
  oldName?: string;
  newName?: string;
  deleted: boolean;
  resolved: boolean;
}

/**
 * Parses a unified diff fed in chunks of any size: `git diff` output (file headers, quoted names,
 * renames, binary markers, "\ No newline at end of file", CRLF), `diff -u` output, or one file's
 * GitHub patch (`options.path`). Memory is flat: lines are cut at the cap, and nothing is kept
 * between lines but counters.
 */
export class DiffParser {
  private readonly lines: LineSplitter;
  private readonly single: boolean;
  private open: OpenFile | undefined;
  private oldLeft = 0;
  private newLeft = 0;
  private newLine = 0;

  constructor(
    private readonly handler: DiffHandler,
    options: DiffOptions = {},
  ) {
    this.single = options.path !== undefined;
    if (options.path !== undefined) this.open = { file: { path: options.path, binary: false, added: 0, removed: 0 }, deleted: false, resolved: true };
    this.lines = new LineSplitter({
      // One more byte for the line's "+", " " or "-": the cap is on the text a consumer gets.
      maxLineBytes: (options.maxLineBytes ?? MAX_DIFF_LINE_BYTES) + 1,
      onLine: (buffer, start, end, _n, length) => {
        this.line(buffer, start, end, length);
      },
    });
  }

  /** Feeds the next chunk; `newlines` as for LineSplitter.write. */
  write(chunk: Buffer, newlines?: { newlines: Int32Array; newlineCount: number }): void {
    this.lines.write(chunk, newlines);
  }

  end(): void {
    this.lines.end();
    this.endFile();
  }

  private line(buffer: Buffer, start: number, end: number, length: number | undefined): void {
    if (this.oldLeft > 0 || this.newLeft > 0) {
      const open = this.open as OpenFile;
      const first = start < end ? (buffer[start] as number) : SPACE;
      // An empty line is an empty context line whose space was trimmed, as git apply reads it.
      if (first === PLUS && this.newLeft > 0) {
        open.file.added++;
        this.handler.added?.(open.file, this.newLine, buffer, start + 1, end, length === undefined ? undefined : length - 1);
        this.newLine++;
        this.newLeft--;
        this.extend(open);
        return;
      }
      if (first === SPACE && this.newLeft > 0 && this.oldLeft > 0) {
        this.handler.context?.(open.file, this.newLine, buffer, Math.min(start + 1, end), end, length === undefined ? undefined : length - 1);
        this.newLine++;
        this.newLeft--;
        this.oldLeft--;
        this.extend(open);
        return;
      }
      if (first === MINUS && this.oldLeft > 0) {
        open.file.removed++;
        this.oldLeft--;
        this.extend(open);
        return;
      }
      if (first === BACKSLASH) {
        this.extend(open);
        return;
      }
      // Anything else ends the hunk early (a truncated or hand-edited diff), as git apply would refuse it.
      this.oldLeft = 0;
      this.newLeft = 0;
    }
    this.header(buffer, start, end);
  }

  private extend(open: OpenFile): void {
    if (open.file.hunks) open.file.hunks.end = this.lines.lineEnd;
  }

  private header(buffer: Buffer, start: number, end: number): void {
    const first = buffer[start];
    if (first === AT) {
      const hunk = HUNK.exec(buffer.toString('latin1', start, Math.min(end, start + 100)));
      if (!hunk) return;
      const [oldLines, newStart, newLines] = [hunk[2] === undefined ? 1 : Number(hunk[2]), Number(hunk[3]), hunk[4] === undefined ? 1 : Number(hunk[4])];
      if (!Number.isSafeInteger(oldLines) || !Number.isSafeInteger(newStart) || !Number.isSafeInteger(newLines)) return;
      const open = (this.open ??= this.newFile());
      this.resolve(open);
      open.file.hunks ??= { start: this.lines.lineStart, end: this.lines.lineEnd };
      open.file.hunks.end = this.lines.lineEnd;
      this.oldLeft = oldLines;
      this.newLeft = newLines;
      this.newLine = newStart;
      this.handler.hunk?.(open.file, newStart);
      return;
    }
    if (first === BACKSLASH) {
      if (this.open) this.extend(this.open);
      return;
    }
    if (this.single) return;
    const text = buffer.toString('utf8', start, end);
    if (text.startsWith('diff --git ')) {
      this.endFile();
      const open = this.newFile();
      const name = gitHeaderName(text.slice('diff --git '.length));
      if (name !== undefined) open.gitName = name;
      this.open = open;
    } else if (text.startsWith('--- ')) {
      const open = this.sideHeaderFile();
      const name = sideName(text.slice(4), 'a/');
      if (name !== undefined) open.oldName = name;
    } else if (text.startsWith('+++ ')) {
      const open = this.sideHeaderFile();
      const name = sideName(text.slice(4), 'b/');
      if (name !== undefined) open.newName = name;
      else open.deleted = true;
    } else if (!this.open) {
      return;
    } else if (text.startsWith('rename from ') || text.startsWith('copy from ')) {
      this.open.oldName = readPath(text.slice(text.indexOf(' from ') + 6)).name;
    } else if (text.startsWith('rename to ') || text.startsWith('copy to ')) {
      this.open.newName = readPath(text.slice(text.indexOf(' to ') + 4)).name;
    } else if (text.startsWith('deleted file mode')) {
      this.open.deleted = true;
    } else if (text.startsWith('Binary files ') || text === 'GIT binary patch') {
      this.open.file.binary = true;
    }
  }

  /** The file a "---" or "+++" line belongs to: without "diff --git" lines (diff -u), one after a file's hunks starts the next file. */
  private sideHeaderFile(): OpenFile {
    if (!this.open || this.open.resolved) {
      this.endFile();
      this.open = this.newFile();
    }
    return this.open;
  }

  private newFile(): OpenFile {
    return { file: { path: '', binary: false, added: 0, removed: 0 }, deleted: false, resolved: false };
  }

  /** Settles the file's names once its header is read: at its first hunk, or at its end. */
  private resolve(open: OpenFile): void {
    if (open.resolved) return;
    open.resolved = true;
    const path = open.newName ?? (open.deleted ? open.oldName : undefined) ?? open.gitName ?? open.oldName ?? '';
    open.file.path = path;
    if (open.oldName !== undefined && open.oldName !== path && !open.deleted) open.file.previousPath = open.oldName;
  }

  private endFile(): void {
    const open = this.open;
    if (!open) return;
    this.resolve(open);
    this.oldLeft = 0;
    this.newLeft = 0;
    if (!this.single) this.open = undefined;
    this.handler.file?.(open.file);
  }
}

/** Parses a whole diff held in memory. */
export function parseDiff(diff: string | Buffer, handler: DiffHandler, options: DiffOptions = {}): void {
  const parser = new DiffParser(handler, options);
  parser.write(typeof diff === 'string' ? Buffer.from(diff, 'utf8') : diff);
  parser.end();
}
