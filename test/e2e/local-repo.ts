// A real git repository in a temp folder, for scenarios run through both sources of facts: the built
// `vendor-gate check` reads it directly, and the fake GitHub serves the same commits and files as a pull request.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CommitInput, FakeGitHub, FileInput, GitPerson } from './fake-github.js';
import { OWNER, REPO } from './run-action.js';

export const CLI = join(import.meta.dirname, '../../dist/cli.js');

const STATUSES: Record<string, FileInput['status']> = { A: 'added', M: 'modified', D: 'removed', R: 'renamed', C: 'copied' };
// Settings of the test machine must not leak into the scenarios (signing, hooks, templates).
const ISOLATED = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

export interface PullRequestView {
  files: FileInput[];
  commits: CommitInput[];
  /** The bytes at the head commit of each file listed without a patch, which the action reads through the contents API. */
  contents: Record<string, Buffer>;
}

export class LocalRepo {
  /** A folder of its own around the repository: `../name` holds files outside it (a PR body). */
  private readonly root = mkdtempSync(join(tmpdir(), 'vendor-gate-repo-'));
  readonly dir = join(this.root, 'repo');

  constructor(readonly person: GitPerson = { name: 'Bob', email: 'bob@acme.example' }) {
    mkdirSync(this.dir);
    this.git('init', '-q', '-b', 'main');
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  /** Runs git in the repository as `person`. */
  git(...args: string[]): string {
    return this.gitAs(this.person, this.person, ...args);
  }

  gitAs(author: GitPerson, committer: GitPerson, ...args: string[]): string {
    return execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], {
      cwd: this.dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        ...ISOLATED,
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_COMMITTER_NAME: committer.name,
        GIT_COMMITTER_EMAIL: committer.email,
      },
    });
  }

  write(path: string, content: string | Buffer): void {
    mkdirSync(dirname(join(this.dir, path)), { recursive: true });
    writeFileSync(join(this.dir, path), content);
  }

  /** Commits everything in the working tree; returns the new commit's SHA. */
  commit(message: string, author = this.person, committer = author): string {
    this.gitAs(author, committer, 'add', '-A');
    this.gitAs(author, committer, 'commit', '-q', '--allow-empty', '-m', message);
    return this.head();
  }

  head(): string {
    return this.git('rev-parse', 'HEAD').trim();
  }

  /** The built `vendor-gate check` in this repository; extra arguments after the defaults. */
  check(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    return spawnSync(process.execPath, [CLI, 'check', '--base', 'main', '--author', 'acme-bob', ...args], {
      cwd: this.dir,
      encoding: 'utf8',
      env: { ...process.env, ...ISOLATED },
    });
  }

  /** The pull request base..head as GitHub lists it; `omitPatch` names files whose diff GitHub would leave out (a large one). */
  pullRequest(base: string, head: string, omitPatch: readonly string[] = []): PullRequestView {
    const fields = this.git('diff', '-z', '-M', '--name-status', base, head).split('\0');
    const files: FileInput[] = [];
    const contents: Record<string, Buffer> = {};
    for (let i = 0; i < fields.length - 1; ) {
      const letter = (fields[i] ?? '').charAt(0);
      const moved = letter === 'R' || letter === 'C';
      const previous = moved ? fields[i + 1] : undefined;
      const path = (moved ? fields[i + 2] : fields[i + 1]) ?? '';
      i += moved ? 3 : 2;
      const [added = '0', deleted = '0'] = this.git('diff', '-M', '--numstat', base, head, '--', ...(previous ? [previous] : []), path).split('\t');
      const binary = added === '-';
      const full = this.git('diff', '-M', base, head, '--', ...(previous ? [previous] : []), path);
      const hunks = full.indexOf('\n@@');
      const patch = binary || hunks < 0 || omitPatch.includes(path) ? undefined : full.slice(hunks + 1).replace(/\n$/, '');
      const status = STATUSES[letter] ?? 'modified';
      files.push({
        filename: path,
        status,
        additions: binary ? 0 : Number(added),
        deletions: binary ? 0 : Number(deleted),
        ...(previous ? { previous_filename: previous } : {}),
        ...(patch === undefined ? {} : { patch }),
      });
      if (patch === undefined && status !== 'removed') contents[path] = this.blob(head, path);
    }
    const log = this.git('log', '--reverse', '--format=%H%x00%P%x00%an%x00%ae%x00%cn%x00%ce%x00%B%x1e', `${base}..${head}`);
    const commits = log
      .split('\x1e')
      .map((record) => record.replace(/^\n/, ''))
      .filter((record) => record !== '')
      .map((record): CommitInput => {
        const [sha = '', parents = '', an = '', ae = '', cn = '', ce = '', message = ''] = record.split('\0');
        return { sha, parents: parents.split(' '), message: message.trimEnd(), author: { name: an, email: ae }, committer: { name: cn, email: ce } };
      });
    return { files, commits, contents };
  }

  private blob(ref: string, path: string): Buffer {
    return execFileSync('git', ['cat-file', 'blob', `${ref}:${path}`], { cwd: this.dir, env: { ...process.env, ...ISOLATED } });
  }
}

export interface Served {
  number: number;
  policy: string;
  base: string;
  head: string;
  title?: string;
  body?: string;
  /** Commits GitHub verified, by SHA. */
  verified?: readonly string[];
  omitPatch?: readonly string[];
}

/** Serves base..head of `repo` as pull request `number` by acme-bob, with the policy on the base commit. */
export function serve(fake: FakeGitHub, repo: LocalRepo, pr: Served): void {
  const { files, commits, contents } = repo.pullRequest(pr.base, pr.head, pr.omitPatch);
  fake.setFile(OWNER, REPO, pr.base, '.github/vendor-gate.yml', pr.policy);
  for (const [path, bytes] of Object.entries(contents)) fake.setFileBytes(OWNER, REPO, pr.head, path, bytes);
  fake.addPullRequest(OWNER, REPO, {
    number: pr.number,
    title: pr.title ?? commits[0]?.message.split('\n')[0] ?? '',
    body: pr.body ?? '',
    user: { login: 'acme-bob' },
    author_association: 'CONTRIBUTOR',
    base: { sha: pr.base, ref: 'main' },
    head: { sha: pr.head, ref: 'work' },
    files,
    commits: commits.map((c) => ({ ...c, verified: pr.verified?.includes(c.sha) ?? false })),
  });
}

export interface GateView {
  id: string;
  status: string;
  findings: Array<{ file?: string; line?: number; message: string }>;
}

/** What a JSON report says of each gate, for comparing two runs. */
export function gateViews(reportJson: string): GateView[] {
  const report = JSON.parse(reportJson) as { gates: Array<GateView & { findings: Array<Record<string, unknown>> }> };
  return report.gates.map((g) => ({
    id: g.id,
    status: g.status,
    findings: g.findings.map((f) => ({ ...(f.file !== undefined ? { file: f.file } : {}), ...(f.line !== undefined ? { line: f.line } : {}), message: f.message })),
  }));
}
