/** One line a change adds, with its line number in the new version of the file. */
export interface AddedLine {
  line: number;
  text: string;
}

const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/** The added lines of one file's unified diff (GitHub's `patch` field, or a section of `git diff`). */
export function addedLines(patch: string): AddedLine[] {
  const added: AddedLine[] = [];
  let next = 0;
  let inHunk = false;
  for (const raw of patch.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const hunk = HUNK.exec(line);
    if (hunk) {
      next = Number(hunk[1]);
      inHunk = true;
    } else if (!inHunk) {
      continue;
    } else if (line.startsWith('+')) {
      added.push({ line: next, text: line.slice(1) });
      next++;
    } else if (line.startsWith(' ')) {
      next++;
    } else if (line.startsWith('diff --git ')) {
      inHunk = false;
    }
    // "-" lines and "\ No newline at end of file" do not move the new file's line numbers.
  }
  return added;
}

export interface FilePatch {
  path: string;
  previousPath?: string;
  binary: boolean;
  /** The hunks of this file, from its first "@@" line. */
  patch: string;
}

export function unquote(path: string): string {
  if (!path.startsWith('"')) return path;
  // git quotes names with special characters C-style, with octal escapes for bytes.
  const bytes: number[] = [];
  const body = path.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const c = body.charAt(i);
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = body.charAt(++i);
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else {
      const map: Record<string, string> = { n: '\n', t: '\t', '"': '"', '\\': '\\', a: '\x07', b: '\b', f: '\f', r: '\r', v: '\v' };
      bytes.push(...Buffer.from(map[next] ?? next, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Splits the output of `git diff` (any context size, with renames) into one patch per file. */
export function splitGitDiff(diff: string): FilePatch[] {
  const files: FilePatch[] = [];
  let current: (FilePatch & { lines: string[]; header: string }) | undefined;
  const finish = () => {
    if (!current) return;
    if (current.path === '') {
      // Deleted files name only their old path; hunk-less changes (an empty new file) only the header.
      current.path = current.previousPath ?? unquote(/^diff --git a\/(.*) b\/\1$/.exec(current.header)?.[1] ?? '');
    }
    files.push({ path: current.path, ...(current.previousPath !== undefined ? { previousPath: current.previousPath } : {}), binary: current.binary, patch: current.lines.join('\n') });
  };
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) {
      finish();
      current = { path: '', binary: false, patch: '', lines: [], header: line };
      continue;
    }
    if (!current) continue;
    if (current.lines.length > 0 || line.startsWith('@@')) {
      current.lines.push(line);
    } else if (line.startsWith('+++ ')) {
      // git ends a name that holds a space with a tab.
      const name = unquote(line.slice(4).replace(/\t$/, ''));
      if (name !== '/dev/null') current.path = name.replace(/^b\//, '');
    } else if (line.startsWith('--- ')) {
      const name = unquote(line.slice(4).replace(/\t$/, ''));
      if (name !== '/dev/null') current.previousPath = name.replace(/^a\//, '');
    } else if (line.startsWith('rename from ')) {
      current.previousPath = unquote(line.slice('rename from '.length));
    } else if (line.startsWith('rename to ')) {
      current.path = unquote(line.slice('rename to '.length));
    } else if (line.startsWith('Binary files ')) {
      current.binary = true;
    }
  }
  finish();
  // Only a rename or a copy has a previous path; other changes name the same file (or /dev/null) on one side.
  return files.map((f) => (f.previousPath === f.path ? { path: f.path, binary: f.binary, patch: f.patch } : f));
}
