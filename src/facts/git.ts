import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { patchCounts, splitGitDiff } from '../diff/patch.js';
import type { Codeowners } from '../codeowners.js';
import { UserError } from '../errors.js';
import type { ChangedFile, CommitFact, FileStatus, PullRequestFacts } from './types.js';

const run = promisify(execFile);

export type Git = (args: string[]) => Promise<string>;

/**
 * Settings given on the command line, which win over every configuration file: a checkout's own
 * `.git/config` may come from the vendor, and must not make git run a program (fsmonitor, hooks,
 * pager, signature checks) or change the shape of the output vendor-gate parses.
 */
export const SAFE_CONFIG: readonly string[] = [
  'core.fsmonitor=false',
  'core.hooksPath=/dev/null',
  'core.pager=cat',
  'log.showSignature=false',
  'diff.noprefix=false',
  'diff.mnemonicPrefix=false',
  'diff.relative=false',
  'color.ui=false',
];

/** Every diff also ignores textconv and external diff programs, and `--text` stops a `-diff` attribute from hiding a file. */
const DIFF_SAFE = ['--no-textconv', '--no-ext-diff', '--no-color'];

/** Runs git in `cwd` with arguments, never through a shell, and never running a program the repository configures. */
export function gitIn(cwd: string): Git {
  const env = { ...process.env };
  delete env.GIT_EXTERNAL_DIFF;
  delete env.GIT_PAGER;
  return async (args) => {
    const { stdout } = await run('git', [...SAFE_CONFIG.flatMap((c) => ['-c', c]), ...args], { cwd, env, maxBuffer: 512 * 1024 * 1024, encoding: 'utf8' });
    return stdout;
  };
}

export async function tryGit(git: Git, args: string[]): Promise<string | undefined> {
  try {
    return await git(args);
  } catch {
    return undefined;
  }
}

const DEFAULT_BASES = ['origin/HEAD', 'origin/main', 'origin/master', 'main', 'master'];

/** The base to compare with: the one given, or the first of the usual default branches that exists. */
export async function resolveBase(git: Git, base: string | undefined): Promise<{ ref: string; sha: string }> {
  for (const ref of base === undefined ? DEFAULT_BASES : [base]) {
    const sha = await tryGit(git, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
    if (sha) return { ref, sha: sha.trim() };
  }
  throw new UserError(
    base === undefined
      ? `Could not find a base branch (tried ${DEFAULT_BASES.join(', ')}). Pass the branch your pull request targets: --base origin/main.`
      : `The base ${base} is not a commit in this repository. Fetch it first (git fetch origin) or pass another --base.`,
  );
}

const STATUS_LETTERS: Record<string, FileStatus> = { A: 'added', M: 'modified', D: 'removed', R: 'renamed', C: 'copied', T: 'changed' };

/** Parses `git diff -z --name-status` and `-z --numstat` of the same range into changed files. */
export function parseDiff(nameStatus: string, numstat: string): ChangedFile[] {
  const counts = new Map<string, { additions: number; deletions: number }>();
  const numFields = numstat.split('\0');
  for (let i = 0; i < numFields.length; i++) {
    const field = numFields[i] ?? '';
    const match = /^(-|\d+)\t(-|\d+)\t(.*)$/s.exec(field.replace(/^\n/, ''));
    if (!match) continue;
    const [, added = '-', deleted = '-', inlinePath = ''] = match;
    let path = inlinePath;
    // A rename has an empty path here, followed by the old and the new path.
    if (path === '') {
      path = numFields[i + 2] ?? '';
      i += 2;
    }
    counts.set(path, { additions: added === '-' ? 0 : Number(added), deletions: deleted === '-' ? 0 : Number(deleted) });
  }
  const files: ChangedFile[] = [];
  const fields = nameStatus.split('\0');
  for (let i = 0; i < fields.length - 1; ) {
    const code = (fields[i] ?? '').trim();
    const status = STATUS_LETTERS[code.charAt(0)] ?? 'changed';
    if (status === 'renamed' || status === 'copied') {
      const previousPath = fields[i + 1] ?? '';
      const path = fields[i + 2] ?? '';
      files.push({ path, previousPath, status, ...(counts.get(path) ?? { additions: 0, deletions: 0 }) });
      i += 3;
    } else {
      const path = fields[i + 1] ?? '';
      files.push({ path, status, ...(counts.get(path) ?? { additions: 0, deletions: 0 }) });
      i += 2;
    }
  }
  return files;
}

const COMMIT_FORMAT = ['%H', '%P', '%an', '%ae', '%cn', '%ce', '%B'].join('%x00') + '%x1e';

/** Only GitHub verifies signatures (with its own keys and the accounts' keys): locally it is unknown. */
export const VERIFICATION_UNKNOWN = { unknown: 'only GitHub verifies signatures' };

export function parseLog(log: string): CommitFact[] {
  return log
    .split('\x1e')
    .map((record) => record.replace(/^\n/, ''))
    .filter((record) => record !== '')
    .map((record) => {
      const [sha = '', parents = '', authorName = '', authorEmail = '', committerName = '', committerEmail = '', message = ''] = record.split('\0');
      return {
        sha,
        message: message.trimEnd(),
        author: { name: authorName, email: authorEmail },
        committer: { name: committerName, email: committerEmail },
        parents: parents.split(' ').filter((p) => p !== '').length,
        verified: VERIFICATION_UNKNOWN,
      };
    });
}

/** What `check` compares with the base: the commits, the commits and the staged changes, or everything in the working tree. */
export type LocalChanges = 'committed' | 'staged' | 'worktree';

export interface LocalOptions {
  base: { ref: string; sha: string };
  /** Default `committed`. */
  changes?: LocalChanges;
  /** The top folder of the checkout, where untracked files are read (`worktree`). */
  root?: string;
  author?: string;
  title?: string;
  body?: string;
  codeowners?: Codeowners;
}

/** An untracked file as an added file: its patch adds every line (its bytes, NULs and all, for the secret scan). */
function untrackedFile(root: string, path: string): ChangedFile {
  let text: string;
  try {
    text = readFileSync(join(root, path)).toString('utf8');
  } catch (error) {
    return { path, status: 'added', additions: 0, deletions: 0, unreadable: `it could not be read (${error instanceof Error ? error.message : String(error)})` };
  }
  if (text === '') return { path, status: 'added', additions: 0, deletions: 0 };
  const lines = text.replace(/\n$/, '').split('\n');
  const patch = `@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}${text.endsWith('\n') ? '' : '\n\\ No newline at end of file'}`;
  // Counted as git counts a binary file (no lines); its bytes are still scanned.
  return text.includes('\0') ? { path, status: 'added', additions: 0, deletions: 0, patch, binary: true } : { path, status: 'added', additions: lines.length, deletions: 0, patch };
}

function untrackedFiles(root: string, listing: string): ChangedFile[] {
  return listing.split('\0').filter((p) => p !== '').map((p) => untrackedFile(root, p));
}

/** How many files the working tree changes beyond HEAD (staged, unstaged or new), for a notice that they are not checked. */
export async function uncommittedChanges(git: Git): Promise<number> {
  const status = (await tryGit(git, ['status', '--porcelain', '-z', '--untracked-files=normal'])) ?? '';
  // -z: "XY path\0", and a rename adds its old path as one more entry.
  return status.split('\0').filter((entry) => /^[ MADRCU?!]{2} /.test(entry)).length;
}

/** The facts of base..HEAD in a local checkout, shaped like a pull request's. */
export async function localFacts(git: Git, options: LocalOptions): Promise<PullRequestFacts> {
  const head = (await git(['rev-parse', 'HEAD'])).trim();
  const mergeBase = (await git(['merge-base', options.base.sha, head])).trim();
  const changes = options.changes ?? 'committed';
  // The index, or the working tree (its tracked files), is compared with the merge base instead of HEAD.
  const range = changes === 'committed' ? [mergeBase, head] : changes === 'staged' ? ['--cached', mergeBase] : [mergeBase];
  const cached = range[0] === '--cached' ? ['--cached'] : [];
  const revisions = range.filter((r) => r !== '--cached');
  const [nameStatus, numstat, unified, log, untracked] = await Promise.all([
    git(['diff', ...DIFF_SAFE, ...cached, '-z', '--name-status', '-M', '--end-of-options', ...revisions]),
    git(['diff', ...DIFF_SAFE, ...cached, '-z', '--numstat', '-M', '--end-of-options', ...revisions]),
    git(['diff', ...DIFF_SAFE, ...cached, '--text', '--src-prefix=a/', '--dst-prefix=b/', '-M', '-U0', '--end-of-options', ...revisions]),
    // Oldest first, as GitHub lists the commits of a pull request.
    git(['log', '--no-show-signature', '--reverse', `--format=${COMMIT_FORMAT}`, '--end-of-options', `${mergeBase}..${head}`]),
    // New files git does not track yet are part of the working tree, unless .gitignore leaves them out.
    changes === 'worktree' ? git(['ls-files', '-z', '--others', '--exclude-standard']) : Promise.resolve(''),
  ]);
  const patches = new Map(splitGitDiff(unified).map((p) => [p.path, p]));
  const files = parseDiff(nameStatus, numstat).map((f) => {
    const found = patches.get(f.path);
    if (!found) return f;
    // Binary is decided from the bytes the change holds, never from an attribute; a binary file's bytes are still scanned.
    if (found.patch.includes('\0')) return { ...f, additions: 0, deletions: 0, binary: true, patch: found.patch };
    // numstat counts a file with a `-diff` attribute as binary ("-") even with --text: count the text patch instead.
    return { ...f, ...patchCounts(found.patch), patch: found.patch };
  });
  if (untracked !== '') files.push(...untrackedFiles(options.root ?? '', untracked));
  const commits = parseLog(log);
  const hasDescription = options.title !== undefined || options.body !== undefined;
  return {
    title: options.title ?? commits[0]?.message.split('\n')[0] ?? '',
    body: options.body ?? '',
    hasDescription,
    author: { login: options.author ?? '' },
    baseRef: options.base.ref,
    baseSha: options.base.sha,
    headSha: head,
    draft: false,
    labels: [],
    additions: files.reduce((sum, f) => sum + f.additions, 0),
    deletions: files.reduce((sum, f) => sum + f.deletions, 0),
    files,
    filesListing: { expected: files.length, listed: files.length },
    commits,
    commitsListing: { expected: commits.length, listed: commits.length },
    teamMembers: {},
    teamErrors: {},
    reviews: { unknown: 'approvals are only known on GitHub' },
    permissions: {},
    labelEvents: [],
    ...(options.codeowners ? { codeowners: options.codeowners } : {}),
  };
}
