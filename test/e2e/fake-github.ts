// A fake GitHub REST API on 127.0.0.1 for end-to-end runs of the built action. It keeps GitHub's
// wire behaviour that clients depend on (pagination Link headers, the 3000-file and 250-commit
// caps, token identities, error bodies) and checks all its traffic against GitHub's schemas.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { WebhookDefinition } from '@octokit/webhooks-examples';
import { matchRoute, validateRequest, validateResponse } from './openapi.js';

type Json = Record<string, unknown>;
type PullRequestEvent = WebhookDefinition<'pull_request'>['examples'][number];
type PullRequestPayload = Extract<PullRequestEvent, { action: 'opened' }>['pull_request'];

export type UserType = 'User' | 'Bot' | 'Organization';
export type AuthorAssociation =
  | 'COLLABORATOR' | 'CONTRIBUTOR' | 'FIRST_TIMER' | 'FIRST_TIME_CONTRIBUTOR' | 'MANNEQUIN' | 'MEMBER' | 'NONE' | 'OWNER';
export interface GitPerson { name: string; email: string; login?: string; date?: string }
export interface FileInput {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  additions: number;
  deletions: number;
  previous_filename?: string;
  patch?: string;
}
export interface CommitInput {
  sha: string;
  message: string;
  author: GitPerson;
  committer: GitPerson;
  /** The parents' SHAs; by default the commit listed before it (the base for the first). Two or more make a merge commit. */
  parents?: string[];
  /** Whether GitHub verified the commit's signature; unsigned unless true. */
  verified?: boolean;
}
export interface PullRequestInput {
  number: number;
  title?: string;
  body?: string | null;
  user?: { login: string; type?: UserType };
  author_association?: AuthorAssociation;
  head?: { sha?: string; ref?: string };
  base?: { sha?: string; ref?: string };
  labels?: string[];
  draft?: boolean;
  files?: FileInput[];
  commits?: CommitInput[];
  /** Counts GitHub reports on the PR; by default they follow from `files` and `commits`. */
  changed_files?: number;
  additions?: number;
  deletions?: number;
  commit_count?: number;
  /** Lifecycle times (ISO); by default now, and open. `merged_at` closes and merges the PR. */
  created_at?: string;
  updated_at?: string;
  closed_at?: string;
  merged_at?: string;
}
export interface RepositoryInput { defaultBranch?: string; archived?: boolean }
export interface ReviewInput {
  login: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED';
  commit_id?: string;
  body?: string;
  submitted_at?: string;
  /** GitHub's association of the reviewer with the repository; MEMBER unless given. */
  author_association?: AuthorAssociation;
}
export interface IssueEventInput { event: 'labeled' | 'unlabeled'; login: string; label: string; created_at?: string }
/** `path` is percent-decoded: `contents/.github%2Fx.yml` is recorded as `contents/.github/x.yml`. */
export interface RecordedRequest { method: string; path: string; query: Record<string, string>; body: unknown; token: string | undefined }
/** When a request arrived and when its answer was sent, in ms since the epoch (sub-ms): for the whole-run benchmark. */
export interface TimedRequest { method: string; path: string; at: number; end?: number }
export interface RecordedStatus { sha: string; state: string; context: string; description: string | null; target_url: string | null }
export interface CommentView { id: number; login: string; type: UserType; body: string; created_at: string; updated_at: string }

interface Identity { login: string; kind: 'user' | 'app' }
interface Reply { status: number; body?: unknown; raw?: string; bytes?: Buffer; headers?: Record<string, string>; hang?: boolean; json?: string }
interface Context { params: Record<string, string>; query: URLSearchParams; body: unknown; identity: Identity; url: URL; accept: string }
interface StoredPull { repoKey: string; number: number; data: Json; headSha: string; files: Json[]; commits: Json[] }
interface StoredComment { id: number; login: string; type: UserType; body: string; created_at: string; updated_at: string }
interface Fault { method: string; path: RegExp; status: number; times: number; message?: string; raw?: string; hang?: boolean }
interface StoredArtifact { id: number; repoKey: string; runId: number; name: string; zip: Buffer; expired: boolean; headSha: string }

const API = 'https://api.github.com';
const WEB = 'https://github.com';
const DOCS = 'https://docs.github.com/rest';
// GitHub lists at most this many files and commits of a pull request, whatever the PR's counts say.
const MAX_LISTED_FILES = 3000;
const MAX_LISTED_COMMITS = 250;

const epochMs = (): number => performance.timeOrigin + performance.now();
const now = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const sha1 = (text: string | Buffer): string => createHash('sha1').update(text).digest('hex');
// Stable ids from names, so the same login has the same id in every run.
const idOf = (name: string): number => Number.parseInt(sha1(name).slice(0, 7), 16);
const key = (...parts: (string | number)[]): string => parts.join('/').toLowerCase();
const sum = (items: FileInput[], field: 'additions' | 'deletions'): number => items.reduce((total, file) => total + file[field], 0);
const userType = (identity: Identity): UserType => (identity.kind === 'app' ? 'Bot' : 'User');
const bodyText = (ctx: Context): string => {
  const text = (ctx.body as { body?: unknown } | undefined)?.body;
  return typeof text === 'string' ? text : '';
};
const paramKey = (ctx: Context, ...names: string[]): string => key(...names.map((name) => ctx.params[name] ?? ''));
const errorBody = (status: number, message: string): Reply => ({ status, body: { message, documentation_url: DOCS, status: String(status) } });

function simpleUser(login: string, type: UserType = 'User'): Json {
  // GitHub escapes the brackets of bot logins such as github-actions[bot] in URLs.
  const url = `${API}/users/${encodeURIComponent(login)}`;
  const html = type === 'Bot' ? `${WEB}/apps/${login.replace(/\[bot\]$/, '')}` : `${WEB}/${encodeURIComponent(login)}`;
  return {
    login, id: idOf(login), node_id: `U_${idOf(login)}`, type, site_admin: false, user_view_type: 'public',
    avatar_url: `https://avatars.githubusercontent.com/u/${idOf(login)}?v=4`, gravatar_id: '', url, html_url: html,
    followers_url: `${url}/followers`, following_url: `${url}/following{/other_user}`, gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`, subscriptions_url: `${url}/subscriptions`, organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`, events_url: `${url}/events{/privacy}`, received_events_url: `${url}/received_events`,
  };
}

function privateUser(login: string): Json {
  return {
    ...simpleUser(login), user_view_type: 'private', name: login, company: null, blog: '', location: null, email: null,
    hireable: null, bio: null, twitter_username: null, public_repos: 0, public_gists: 0, followers: 0, following: 0,
    created_at: '2020-01-01T00:00:00Z', updated_at: '2020-01-01T00:00:00Z', private_gists: 0, total_private_repos: 0,
    owned_private_repos: 0, disk_usage: 0, collaborators: 0, two_factor_authentication: true,
  };
}

const openedPayload = ((): PullRequestPayload => {
  const file = createRequire(import.meta.url).resolve('@octokit/webhooks-examples');
  const definitions = JSON.parse(readFileSync(file, 'utf8')) as WebhookDefinition[];
  const examples = (definitions.find((definition) => definition.name === 'pull_request')?.examples ?? []) as PullRequestEvent[];
  const opened = examples.find((example) => example.action === 'opened');
  if (!opened) throw new Error('@octokit/webhooks-examples has no pull_request.opened example');
  return opened.pull_request;
})();

// Required by today's REST schema, but the frozen webhook payloads may lack them (typed as present).
const PULL_DEFAULTS: Json = {
  auto_merge: null, active_lock_reason: null, merged: false, mergeable: null, rebaseable: null, mergeable_state: 'unknown',
  merged_by: null, comments: 0, review_comments: 0, maintainer_can_modify: false,
};

function buildPull(owner: string, repo: string, input: PullRequestInput): StoredPull {
  const fullName = `${owner}/${repo}`;
  // The payload is Codertocat/Hello-World#2: move every URL and name to the requested repository and number.
  const payload = JSON.parse(
    JSON.stringify(openedPayload).replaceAll('Codertocat/Hello-World', fullName).replace(/(\/pulls?\/|\/issues\/)2\b/g, `$1${input.number}`),
  ) as PullRequestPayload;
  const repository = { ...payload.base.repo, name: repo, owner: simpleUser(owner, 'Organization') };
  const headSha = input.head?.sha ?? input.commits?.at(-1)?.sha ?? payload.head.sha;
  const baseSha = input.base?.sha ?? payload.base.sha;
  const files = (input.files ?? []).map((file) => diffEntry(fullName, headSha, file));
  const commits = (input.commits ?? []).map((commit, i, all) => commitEntry(fullName, commit, commit.parents ?? [all[i - 1]?.sha ?? baseSha]));
  const headRef = input.head?.ref ?? payload.head.ref;
  const author = simpleUser(input.user?.login ?? payload.user.login, input.user?.type);
  const data: Json = {
    ...PULL_DEFAULTS,
    ...payload,
    number: input.number,
    title: input.title ?? payload.title,
    body: input.body === undefined ? payload.body : input.body,
    user: author,
    author_association: input.author_association ?? payload.author_association,
    draft: input.draft ?? false,
    labels: (input.labels ?? []).map((name) => ({
      id: idOf(name), node_id: `LA_${idOf(name)}`, url: `${API}/repos/${fullName}/labels/${encodeURIComponent(name)}`,
      name, description: null, color: 'ededed', default: false,
    })),
    head: { ...payload.head, sha: headSha, ref: headRef, label: `${owner}:${headRef}`, user: author, repo: repository },
    base: { ...payload.base, sha: baseSha, ref: input.base?.ref ?? payload.base.ref, repo: repository },
    statuses_url: `${API}/repos/${fullName}/statuses/${headSha}`,
    changed_files: input.changed_files ?? files.length,
    additions: input.additions ?? sum(input.files ?? [], 'additions'),
    deletions: input.deletions ?? sum(input.files ?? [], 'deletions'),
    commits: input.commit_count ?? commits.length,
    created_at: input.created_at ?? payload.created_at,
    updated_at: input.updated_at ?? input.merged_at ?? input.closed_at ?? input.created_at ?? payload.updated_at,
    closed_at: input.closed_at ?? input.merged_at ?? null,
    merged_at: input.merged_at ?? null,
    merged: input.merged_at !== undefined,
    state: input.closed_at !== undefined || input.merged_at !== undefined ? 'closed' : 'open',
  };
  return { repoKey: key(owner, repo), number: input.number, data, headSha, files, commits };
}

function diffEntry(fullName: string, headSha: string, file: FileInput): Json {
  const path = file.filename.split('/').map(encodeURIComponent).join('/');
  return {
    ...file,
    sha: sha1(`${headSha}:${file.filename}`),
    changes: file.additions + file.deletions,
    blob_url: `${WEB}/${fullName}/blob/${headSha}/${path}`,
    raw_url: `${WEB}/${fullName}/raw/${headSha}/${path}`,
    contents_url: `${API}/repos/${fullName}/contents/${path}?ref=${headSha}`,
  };
}

// GitHub's verification of a commit it signed itself (web-flow), or of an unsigned one.
const verification = (verified: boolean): Json =>
  verified
    ? { verified: true, reason: 'valid', signature: '-----BEGIN PGP SIGNATURE-----\n\nwsBcBAABCAAQ\n-----END PGP SIGNATURE-----\n', payload: 'tree 0000000000000000000000000000000000000000\n', verified_at: now() }
    : { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null };

function commitEntry(fullName: string, commit: CommitInput, parentShas: string[]): Json {
  const gitPerson = (person: GitPerson): Json => ({ name: person.name, email: person.email, date: person.date ?? now() });
  const account = (person: GitPerson): Json | null => (person.login === undefined ? null : simpleUser(person.login));
  return {
    sha: commit.sha, node_id: `C_${commit.sha}`,
    url: `${API}/repos/${fullName}/commits/${commit.sha}`, html_url: `${WEB}/${fullName}/commit/${commit.sha}`,
    comments_url: `${API}/repos/${fullName}/commits/${commit.sha}/comments`,
    commit: {
      url: `${API}/repos/${fullName}/git/commits/${commit.sha}`, message: commit.message, comment_count: 0,
      author: gitPerson(commit.author), committer: gitPerson(commit.committer),
      tree: { sha: sha1(`tree:${commit.sha}`), url: `${API}/repos/${fullName}/git/trees/${sha1(`tree:${commit.sha}`)}` },
      verification: verification(commit.verified ?? false),
    },
    author: account(commit.author), committer: account(commit.committer),
    parents: parentShas.map((sha) => ({ sha, url: `${API}/repos/${fullName}/commits/${sha}`, html_url: `${WEB}/${fullName}/commit/${sha}` })),
  };
}

/** The list stored under `listKey`, created empty on first use. */
function listIn<T>(map: Map<string, T[]>, listKey: string): T[] {
  const list = map.get(listKey) ?? [];
  map.set(listKey, list);
  return list;
}

// Fields of a full pull request that the list endpoints' "pull-request-simple" does not carry.
const FULL_ONLY = ['merged', 'mergeable', 'rebaseable', 'mergeable_state', 'merged_by', 'comments', 'review_comments',
  'maintainer_can_modify', 'commits', 'additions', 'deletions', 'changed_files'];
// Its labels carry a description string where the full pull request allows null.
const simplePull = (pull: Json): Json => ({
  ...Object.fromEntries(Object.entries(pull).filter(([field]) => !FULL_ONLY.includes(field))),
  labels: ((pull.labels ?? []) as Json[]).map((label) => ({ ...label, description: label.description ?? '' })),
});

/** A repository as `repos/get` and the organisation listing show it, built from the webhook's repository. */
function repositoryJson(owner: string, repo: string, input: RepositoryInput): Json {
  const fullName = `${owner}/${repo}`;
  const base = JSON.parse(JSON.stringify(openedPayload.base.repo).replaceAll('Codertocat/Hello-World', fullName)) as Json;
  return {
    ...base, id: idOf(fullName), node_id: `R_${idOf(fullName)}`, name: repo, full_name: fullName, owner: simpleUser(owner, 'Organization'),
    default_branch: input.defaultBranch ?? 'main', archived: input.archived ?? false, disabled: false, has_discussions: false,
    network_count: 0, subscribers_count: 0, license: null, mirror_url: null, homepage: null, language: null, description: null,
  };
}

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly timeline: TimedRequest[] = [];
  readonly problems: string[] = [];
  /** GET requests answered 304 because their If-None-Match still matched. */
  notModified = 0;
  private server: Server | undefined;
  private baseUrl = '';
  private readonly tokens = new Map<string, Identity>();
  private readonly pulls = new Map<string, StoredPull>();
  private readonly files = new Map<string, string | Buffer>();
  private readonly teams = new Map<string, Set<string>>();
  private teamsDenied = false;
  private teamsHidden = false;
  private readonly issueComments = new Map<string, StoredComment[]>();
  private readonly recordedStatuses = new Map<string, RecordedStatus[]>();
  private readonly associatedPulls = new Map<string, number[]>();
  private readonly reviews = new Map<string, Json[]>();
  private readonly issueEvents = new Map<string, Json[]>();
  private readonly faults: Fault[] = [];
  private readonly artifacts: StoredArtifact[] = [];
  private readonly permissions = new Map<string, string>();
  private readonly hooks: Array<{ method: string; path: RegExp; effect: () => void }> = [];
  private nextCommentId = 1_000_001;
  private readonly repositories = new Map<string, { owner: string; repo: string; input: RepositoryInput }>();

  async start(): Promise<string> {
    const server = createServer((req, res) => {
      void this.handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    // Octokit keeps connections alive; without this, close() waits for them to time out.
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error) => { if (error) reject(error); else resolve(); }));
  }

  /** A personal access token: GET /user answers with this user. */
  addUserToken(token: string, login: string): void {
    this.tokens.set(token, { login, kind: 'user' });
  }

  /** An app installation token such as GITHUB_TOKEN (`ghs_…`): GET /user is forbidden, comments are by the bot. */
  addAppToken(token: string, login = 'github-actions[bot]'): void {
    this.tokens.set(token, { login, kind: 'app' });
  }

  /** A repository that `repos/get` and `orgs/{org}/repos` show; a repository with pull requests exists without it. */
  addRepository(owner: string, repo: string, input: RepositoryInput = {}): void {
    this.repositories.set(key(owner, repo), { owner, repo, input });
  }

  addPullRequest(owner: string, repo: string, input: PullRequestInput): void {
    this.pulls.set(key(owner, repo, input.number), buildPull(owner, repo, input));
  }

  /** `ref` is a commit SHA or a branch name; requests without `?ref=` read `main`. */
  setFile(owner: string, repo: string, ref: string, path: string, text: string): void {
    this.files.set(`${key(owner, repo)}@${ref}:${path}`, text);
  }

  /** Like `setFile`, for bytes that are not UTF-8 text (a binary file, a UTF-16 one). */
  setFileBytes(owner: string, repo: string, ref: string, path: string, bytes: Buffer): void {
    this.files.set(`${key(owner, repo)}@${ref}:${path}`, bytes);
  }

  setTeamMembers(org: string, teamSlug: string, logins: string[]): void {
    this.teams.set(key(org, teamSlug), new Set(logins.map((login) => login.toLowerCase())));
  }

  /** Every team lookup answers 403, as for a token that cannot read the organization. */
  denyTeams(): void {
    this.teamsDenied = true;
  }

  /** Every team lookup answers 404, as GitHub does for teams the token cannot see. */
  hideTeams(): void {
    this.teamsHidden = true;
  }

  /** Seeds a comment by someone else, e.g. a reviewer's or another bot's. */
  addComment(owner: string, repo: string, number: number, comment: { login: string; type?: UserType; body: string }): number {
    return this.createComment(owner, repo, number, comment.login, comment.type ?? 'User', comment.body).id;
  }

  comments(owner: string, repo: string, number: number): CommentView[] {
    return (this.issueComments.get(key(owner, repo, number)) ?? []).map((comment) => ({ ...comment }));
  }

  statuses(owner: string, repo: string): RecordedStatus[] {
    return [...(this.recordedStatuses.get(key(owner, repo)) ?? [])];
  }

  /** An artifact of a workflow run; its zip is served from the fake's storage URL, as GitHub redirects to blob storage. */
  addArtifact(owner: string, repo: string, runId: number, name: string, zip: Buffer, expired = false, headSha = 'a'.repeat(40)): number {
    const id = 9_000 + this.artifacts.length;
    this.artifacts.push({ id, repoKey: key(owner, repo), runId, name, zip, expired, headSha });
    return id;
  }

  /** Overrides which PRs `commits/{sha}/pulls` lists; by default, the PRs whose head is `sha`. */
  setAssociatedPulls(owner: string, repo: string, sha: string, numbers: number[]): void {
    this.associatedPulls.set(key(owner, repo, sha), numbers);
  }

  addReview(owner: string, repo: string, number: number, review: ReviewInput): void {
    const fullName = `${owner}/${repo}`;
    const list = listIn(this.reviews, key(owner, repo, number));
    const id = idOf(`review:${fullName}#${number}:${list.length}`);
    const html = `${WEB}/${fullName}/pull/${number}#pullrequestreview-${id}`;
    const pullUrl = `${API}/repos/${fullName}/pulls/${number}`;
    list.push({
      id, node_id: `PRR_${id}`, user: simpleUser(review.login), body: review.body ?? '', state: review.state,
      html_url: html, pull_request_url: pullUrl, _links: { html: { href: html }, pull_request: { href: pullUrl } },
      submitted_at: review.submitted_at ?? now(), commit_id: review.commit_id ?? this.pulls.get(key(owner, repo, number))?.headSha ?? null,
      author_association: review.author_association ?? 'MEMBER',
    });
  }

  /** The permission `GET collaborators/{login}/permission` reports; accounts never set get `none` (404 for non-users is not modelled). */
  setPermission(owner: string, repo: string, login: string, permission: 'admin' | 'write' | 'read' | 'none'): void {
    this.permissions.set(key(owner, repo, login), permission);
  }

  /** Runs `effect` right after the next request matching `method` and `path` is answered: a change GitHub makes during a run. */
  afterNext(method: string, path: RegExp, effect: () => void): void {
    this.hooks.push({ method: method.toUpperCase(), path, effect });
  }

  /** Moves the head of PR `number` to a new commit with new files and commits, as a push does. */
  pushTo(owner: string, repo: string, input: PullRequestInput): void {
    this.addPullRequest(owner, repo, input);
  }

  addIssueEvent(owner: string, repo: string, number: number, event: IssueEventInput): void {
    const list = listIn(this.issueEvents, key(owner, repo, number));
    const id = idOf(`event:${owner}/${repo}#${number}:${list.length}`);
    list.push({
      id, node_id: `LE_${id}`, url: `${API}/repos/${owner}/${repo}/issues/events/${id}`, actor: simpleUser(event.login),
      event: event.event, commit_id: null, commit_url: null, created_at: event.created_at ?? now(),
      performed_via_github_app: null, label: { name: event.label, color: 'ededed' },
    });
  }

  /** The next `times` requests matching `method` and `path` get `status`: a 5xx, a 403 secondary rate limit, or `message` as the error. */
  failNext(method: string, path: RegExp, status: number, times = 1, message?: string): void {
    this.faults.push({ method: method.toUpperCase(), path, status, times, ...(message === undefined ? {} : { message }) });
  }

  /** The next `times` requests matching `method` and `path` get no answer at all: the connection stays open until the fake stops. */
  hangNext(method: string, path: RegExp, times = 1): void {
    this.faults.push({ method: method.toUpperCase(), path, status: 0, times, hang: true });
  }

  /** The next `times` requests matching `method` and `path` get `status` with `raw` as a JSON-typed body, such as a cut-off or HTML page. */
  answerNext(method: string, path: RegExp, status: number, raw: string, times = 1): void {
    this.faults.push({ method: method.toUpperCase(), path, status, times, raw });
  }

  private createComment(owner: string, repo: string, number: number, login: string, type: UserType, body: string): StoredComment {
    const time = now();
    const comment = { id: this.nextCommentId++, login, type, body, created_at: time, updated_at: time };
    listIn(this.issueComments, key(owner, repo, number)).push(comment);
    return comment;
  }

  private findComment(owner: string, repo: string, id: number): { list: StoredComment[]; index: number; number: string } | undefined {
    const prefix = `${key(owner, repo)}/`;
    for (const [listKey, list] of this.issueComments) {
      const index = list.findIndex((comment) => comment.id === id);
      if (listKey.startsWith(prefix) && index >= 0) return { list, index, number: listKey.slice(prefix.length) };
    }
    return undefined;
  }

  private commentJson(owner: string, repo: string, number: string, comment: StoredComment): Json {
    return {
      id: comment.id, node_id: `IC_${comment.id}`, body: comment.body, user: simpleUser(comment.login, comment.type),
      url: `${API}/repos/${owner}/${repo}/issues/comments/${comment.id}`,
      html_url: `${WEB}/${owner}/${repo}/pull/${number}#issuecomment-${comment.id}`,
      issue_url: `${API}/repos/${owner}/${repo}/issues/${number}`,
      created_at: comment.created_at, updated_at: comment.updated_at, author_association: 'NONE',
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', this.baseUrl);
    const where = `${method} ${decodePath(url.pathname)}`;
    const timed: TimedRequest = { method, path: decodePath(url.pathname), at: epochMs() };
    this.timeline.push(timed);
    res.on('finish', () => {
      timed.end = epochMs();
    });
    let reply: Reply;
    try {
      const text = await readBody(req);
      const body = parseJson(text);
      const token = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const recordedBody = body ?? (text === '' ? undefined : text);
      this.requests.push({ method, path: decodePath(url.pathname), query: Object.fromEntries(url.searchParams), body: recordedBody, token });
      if (body === undefined && text !== '') {
        this.problems.push(`${where}: the request body is not JSON`);
        reply = errorBody(400, 'Problems parsing JSON');
      } else {
        reply = this.respond(method, url, body, token, req.headers.accept ?? '');
      }
    } catch (error) {
      this.problems.push(`${where}: the fake failed: ${String(error)}`);
      reply = errorBody(500, 'fake GitHub error');
    }
    const hook = this.hooks.findIndex((h) => h.method === method && h.path.test(url.pathname));
    if (hook >= 0) this.hooks.splice(hook, 1)[0]?.effect();
    const headers = { ...reply.headers, 'x-github-request-id': `FAKE:${this.requests.length}` };
    if (reply.hang) return;
    if (reply.json !== undefined) {
      res.writeHead(reply.status, { ...headers, 'content-type': 'application/json; charset=utf-8' }).end(reply.json);
    } else if (reply.bytes !== undefined) {
      res.writeHead(reply.status, { ...headers, 'content-type': 'application/zip' }).end(reply.bytes);
    } else if (reply.raw !== undefined) {
      res.writeHead(reply.status, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end(reply.raw);
    } else if (reply.body === undefined) {
      res.writeHead(reply.status, headers).end();
    } else {
      const text = JSON.stringify(reply.body);
      // GitHub's conditional requests: a JSON answer carries an ETag, and a GET that names it again gets 304 with no body.
      const etag = `W/"${sha1(text)}"`;
      if (method === 'GET' && reply.status === 200 && req.headers['if-none-match'] === etag) {
        this.notModified += 1;
        res.writeHead(304, { ...headers, etag }).end();
        return;
      }
      res.writeHead(reply.status, { ...headers, etag, 'content-type': 'application/json; charset=utf-8' }).end(text);
    }
  }

  private respond(method: string, url: URL, body: unknown, token: string | undefined, accept: string): Reply {
    const where = `${method} ${decodePath(url.pathname)}`;
    const fault = this.faults.find((candidate) => candidate.times > 0 && candidate.method === method && candidate.path.test(url.pathname));
    if (fault) {
      fault.times--;
      if (fault.hang) return { status: 0, hang: true };
      if (fault.raw !== undefined) return { status: fault.status, json: fault.raw };
      if (fault.message !== undefined) return errorBody(fault.status, fault.message);
      // plugin-throttling treats a 403 with this message as a secondary rate limit and retries after `retry-after`.
      if (fault.status !== 403) return errorBody(fault.status, 'Server Error');
      const message = 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';
      return { ...errorBody(403, message), headers: { 'retry-after': '1' } };
    }
    // Blob storage: a signed URL, no token, and never part of the REST API's schema.
    const stored = /^\/_storage\/artifacts\/(\d+)\.zip$/.exec(url.pathname);
    if (method === 'GET' && stored) {
      const artifact = this.artifacts.find((a) => a.id === Number(stored[1]));
      if (token !== undefined) this.problems.push(`${where}: the token was sent to blob storage`);
      return artifact ? { status: 200, bytes: artifact.zip } : { status: 404, raw: 'BlobNotFound' };
    }
    if (token === undefined) return errorBody(401, 'Requires authentication');
    const identity = this.tokens.get(token);
    if (!identity) return errorBody(401, 'Bad credentials');
    if (method === 'POST' && url.pathname === '/graphql') return this.graphql(body, identity, where);

    const route = matchRoute(method, url.pathname);
    const handler = route && this.handlers[route.operation.operationId];
    if (!route || !handler) {
      this.problems.push(`${where}: not implemented by the fake`);
      return errorBody(404, 'Not Found');
    }
    if (method === 'POST' || method === 'PATCH') {
      const errors = validateRequest(method, url.pathname, body);
      this.note(where, errors);
      // GitHub rejects a body that breaks its schema, so the fake never stores one.
      if (errors.length > 0) return { status: 422, body: { message: 'Validation Failed', errors, documentation_url: DOCS, status: '422' } };
    }
    const reply = handler({ params: route.params, query: url.searchParams, body, identity, url, accept });
    if (reply.raw === undefined) this.note(where, validateResponse(method, url.pathname, reply.status, reply.body));
    return reply;
  }

  private note(where: string, errors: string[]): void {
    for (const error of errors) this.problems.push(`${where}: ${error}`);
  }

  private graphql(body: unknown, identity: Identity, where: string): Reply {
    const query = (body as { query?: unknown } | undefined)?.query;
    if (typeof query === 'string' && query.includes('viewer') && query.includes('login')) {
      // GraphQL names an app by its bare slug (github-actions), REST by its bot login (github-actions[bot]).
      return { status: 200, body: { data: { viewer: { login: identity.kind === 'app' ? identity.login.replace(/\[bot\]$/, '') : identity.login } } } };
    }
    this.problems.push(`${where}: the fake answers only the query for viewer { login }`);
    return { status: 200, body: { errors: [{ message: 'not supported by the fake' }] } };
  }

  /** One page of `items` as GitHub serves it: `per_page` (30 by default, 100 at most), `page`, and a Link header. */
  private page(ctx: Context, items: unknown[]): Reply {
    const perPage = Math.min(Number.parseInt(ctx.query.get('per_page') ?? '', 10) || 30, 100);
    const page = Math.max(Number.parseInt(ctx.query.get('page') ?? '', 10) || 1, 1);
    const last = Math.max(Math.ceil(items.length / perPage), 1);
    const link = (target: number, rel: string): string => {
      const next = new URL(ctx.url);
      next.searchParams.set('page', String(target));
      return `<${next.href}>; rel="${rel}"`;
    };
    const links = [
      ...(page > 1 ? [link(Math.min(page - 1, last), 'prev')] : []),
      ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
      ...(page > 1 ? [link(1, 'first')] : []),
    ];
    return {
      status: 200,
      body: items.slice((page - 1) * perPage, page * perPage),
      ...(links.length > 0 ? { headers: { link: links.join(', ') } } : {}),
    };
  }

  private artifactJson(owner: string, repo: string, a: StoredArtifact): Json {
    const url = `${API}/repos/${owner}/${repo}/actions/artifacts/${a.id}`;
    return {
      id: a.id, node_id: `MDg6QXJ0aWZhY3Q${a.id}`, name: a.name, size_in_bytes: a.zip.length, url,
      archive_download_url: `${url}/zip`, expired: a.expired, digest: null,
      created_at: '2026-11-28T00:00:00Z', updated_at: '2026-11-28T00:00:00Z', expires_at: '2027-02-26T00:00:00Z',
      workflow_run: { id: a.runId, repository_id: idOf(`${owner}/${repo}`), head_repository_id: idOf(`${owner}/${repo}`), head_branch: 'feature', head_sha: a.headSha },
    };
  }

  private pull(ctx: Context): StoredPull | undefined {
    return this.pulls.get(paramKey(ctx, 'owner', 'repo', 'pull_number'));
  }

  private readonly handlers: Record<string, ((ctx: Context) => Reply) | undefined> = {
    'pulls/get': (ctx) => {
      const pull = this.pull(ctx);
      return pull ? { status: 200, body: pull.data } : errorBody(404, 'Not Found');
    },
    'pulls/list-files': (ctx) => {
      const pull = this.pull(ctx);
      return pull ? this.page(ctx, pull.files.slice(0, MAX_LISTED_FILES)) : errorBody(404, 'Not Found');
    },
    'pulls/list-commits': (ctx) => {
      const pull = this.pull(ctx);
      return pull ? this.page(ctx, pull.commits.slice(0, MAX_LISTED_COMMITS)) : errorBody(404, 'Not Found');
    },
    'pulls/list-reviews': (ctx) => this.page(ctx, this.reviews.get(paramKey(ctx, 'owner', 'repo', 'pull_number')) ?? []),
    // The head's tree: the files set at that ref and the files its pull requests add or change.
    'git/get-tree': (ctx) => {
      const { owner = '', repo = '', tree_sha = '' } = ctx.params;
      const repoKey = key(owner, repo);
      const prefix = `${repoKey}@${tree_sha}:`;
      const paths = new Set([...this.files.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)));
      for (const pull of this.pulls.values()) {
        if (pull.repoKey !== repoKey || pull.headSha !== tree_sha) continue;
        for (const f of pull.files) if (f.status !== 'removed' && typeof f.filename === 'string') paths.add(f.filename);
      }
      const tree = [...paths].sort().map((path) => {
        const sha = sha1(`blob:${path}`);
        return { path, mode: '100644', type: 'blob', sha, size: 0, url: `${API}/repos/${owner}/${repo}/git/blobs/${sha}` };
      });
      return { status: 200, body: { sha: tree_sha, url: `${API}/repos/${owner}/${repo}/git/trees/${tree_sha}`, truncated: false, tree } };
    },
    'repos/get-content': (ctx) => {
      const { owner = '', repo = '', path = '' } = ctx.params;
      const ref = ctx.query.get('ref') ?? 'main';
      const stored = this.files.get(`${key(owner, repo)}@${ref}:${path}`);
      if (stored === undefined) return errorBody(404, 'Not Found');
      if (ctx.accept.includes('.raw')) return typeof stored === 'string' ? { status: 200, raw: stored } : { status: 200, bytes: stored };
      const bytes = Buffer.from(stored);
      const sha = sha1(Buffer.concat([Buffer.from(`blob ${bytes.length}\0`), bytes]));
      const self = `${API}/repos/${owner}/${repo}/contents/${path}?ref=${ref}`;
      const html = `${WEB}/${owner}/${repo}/blob/${ref}/${path}`;
      const git = `${API}/repos/${owner}/${repo}/git/blobs/${sha}`;
      return {
        status: 200,
        body: {
          type: 'file', encoding: 'base64', size: bytes.length, name: path.split('/').at(-1), path, sha,
          // GitHub wraps base64 content at 60 characters.
          content: bytes.toString('base64').replace(/.{60}/g, '$&\n'),
          url: self, git_url: git, html_url: html, download_url: `https://raw.githubusercontent.com/${owner}/${repo}/${ref}/${path}`,
          _links: { self, git, html },
        },
      };
    },
    'teams/get-membership-for-user-in-org': (ctx) => {
      const { org = '', team_slug = '', username = '' } = ctx.params;
      if (this.teamsDenied) return errorBody(403, 'Resource not accessible by integration');
      if (this.teamsHidden || !this.teams.get(key(org, team_slug))?.has(username.toLowerCase())) return errorBody(404, 'Not Found');
      const url = `${API}/organizations/${idOf(org)}/team/${idOf(`${org}/${team_slug}`)}/memberships/${username}`;
      return { status: 200, body: { state: 'active', role: 'member', url } };
    },
    'teams/list-members-in-org': (ctx) => {
      const { org = '', team_slug = '' } = ctx.params;
      if (this.teamsDenied) return errorBody(403, 'Resource not accessible by integration');
      const members = this.teams.get(key(org, team_slug));
      if (this.teamsHidden || !members) return errorBody(404, 'Not Found');
      return this.page(ctx, [...members].sort().map((login) => simpleUser(login)));
    },
    'users/get-authenticated': (ctx) =>
      ctx.identity.kind === 'app'
        ? errorBody(403, 'Resource not accessible by integration')
        : { status: 200, body: privateUser(ctx.identity.login) },
    'issues/list-comments': (ctx) => {
      const { owner = '', repo = '', issue_number = '' } = ctx.params;
      const list = this.issueComments.get(key(owner, repo, issue_number)) ?? [];
      return this.page(ctx, list.map((comment) => this.commentJson(owner, repo, issue_number, comment)));
    },
    'issues/create-comment': (ctx) => {
      const { owner = '', repo = '', issue_number = '' } = ctx.params;
      const comment = this.createComment(owner, repo, Number(issue_number), ctx.identity.login, userType(ctx.identity), bodyText(ctx));
      return { status: 201, body: this.commentJson(owner, repo, issue_number, comment) };
    },
    'issues/update-comment': (ctx) => {
      const { owner = '', repo = '', comment_id = '' } = ctx.params;
      const found = this.findComment(owner, repo, Number(comment_id));
      const comment = found?.list[found.index];
      if (!found || !comment) return errorBody(404, 'Not Found');
      comment.body = bodyText(ctx);
      comment.updated_at = now();
      return { status: 200, body: this.commentJson(owner, repo, found.number, comment) };
    },
    'issues/delete-comment': (ctx) => {
      const { owner = '', repo = '', comment_id = '' } = ctx.params;
      const found = this.findComment(owner, repo, Number(comment_id));
      if (!found) return errorBody(404, 'Not Found');
      found.list.splice(found.index, 1);
      return { status: 204 };
    },
    'repos/create-commit-status': (ctx) => {
      const { owner = '', repo = '', sha = '' } = ctx.params;
      const input = ctx.body as { state: string; context?: string; description?: string | null; target_url?: string | null };
      const status = {
        sha, state: input.state, context: input.context ?? 'default', description: input.description ?? null, target_url: input.target_url ?? null,
      };
      const list = listIn(this.recordedStatuses, key(owner, repo));
      list.push(status);
      const id = idOf(`status:${owner}/${repo}:${list.length}`);
      const creator = simpleUser(ctx.identity.login, userType(ctx.identity));
      return {
        status: 201,
        body: {
          id, node_id: `SC_${id}`, url: `${API}/repos/${owner}/${repo}/statuses/${sha}`, avatar_url: creator.avatar_url,
          state: status.state, description: status.description, target_url: status.target_url, context: status.context,
          created_at: now(), updated_at: now(), creator,
        },
      };
    },
    'repos/list-pull-requests-associated-with-commit': (ctx) => {
      const { owner = '', repo = '', commit_sha = '' } = ctx.params;
      const seeded = this.associatedPulls.get(key(owner, repo, commit_sha));
      const pulls = [...this.pulls.values()]
        .filter((pull) => pull.repoKey === key(owner, repo) && (seeded ? seeded.includes(pull.number) : pull.headSha === commit_sha))
        .map((pull) => simplePull(pull.data));
      return this.page(ctx, pulls);
    },
    'actions/list-workflow-run-artifacts': (ctx) => {
      const { owner = '', repo = '', run_id = '' } = ctx.params;
      const name = ctx.query.get('name');
      const found = this.artifacts.filter((a) => a.repoKey === key(owner, repo) && a.runId === Number(run_id) && (name === null || a.name === name));
      const items = found.map((a) => this.artifactJson(owner, repo, a));
      const reply = this.page(ctx, items);
      return { ...reply, body: { total_count: items.length, artifacts: reply.body } };
    },
    'actions/list-artifacts-for-repo': (ctx) => {
      const { owner = '', repo = '' } = ctx.params;
      const name = ctx.query.get('name');
      // GitHub lists the newest artifacts first.
      const found = this.artifacts.filter((a) => a.repoKey === key(owner, repo) && (name === null || a.name === name)).reverse();
      const items = found.map((a) => this.artifactJson(owner, repo, a));
      const reply = this.page(ctx, items);
      return { ...reply, body: { total_count: items.length, artifacts: reply.body } };
    },
    'actions/download-artifact': (ctx) => {
      const { owner = '', repo = '', artifact_id = '', archive_format = '' } = ctx.params;
      const artifact = this.artifacts.find((a) => a.repoKey === key(owner, repo) && a.id === Number(artifact_id));
      if (!artifact || archive_format !== 'zip') return errorBody(404, 'Not Found');
      if (artifact.expired) return errorBody(410, 'Artifact has expired');
      return { status: 302, raw: '', headers: { location: `${this.baseUrl}/_storage/artifacts/${artifact.id}.zip?sig=fake` } };
    },
    'repos/get-collaborator-permission-level': (ctx) => {
      const { owner = '', repo = '', username = '' } = ctx.params;
      const permission = this.permissions.get(key(owner, repo, username)) ?? 'none';
      const roles: Record<string, string> = { admin: 'admin', write: 'write', read: 'read', none: 'none' };
      return { status: 200, body: { permission, role_name: roles[permission] ?? 'none', user: { ...simpleUser(username), role_name: roles[permission] ?? 'none', permissions: {
        admin: permission === 'admin', maintain: permission === 'admin', push: permission !== 'read' && permission !== 'none', triage: permission !== 'none', pull: permission !== 'none',
      } } } };
    },
    'repos/get': (ctx) => {
      const { owner = '', repo = '' } = ctx.params;
      const known = this.repositories.get(key(owner, repo)) ?? ([...this.pulls.values()].some((p) => p.repoKey === key(owner, repo)) ? { owner, repo, input: {} } : undefined);
      return known ? { status: 200, body: repositoryJson(known.owner, known.repo, known.input) } : errorBody(404, 'Not Found');
    },
    'repos/list-for-org': (ctx) => {
      const org = (ctx.params.org ?? '').toLowerCase();
      const repos = [...this.repositories.values()].filter((r) => r.owner.toLowerCase() === org).sort((a, b) => a.repo.localeCompare(b.repo));
      return this.page(ctx, repos.map((r) => repositoryJson(r.owner, r.repo, r.input)));
    },
    // state=all|open|closed, sorted by update time as GitHub does when asked with sort=updated.
    'pulls/list': (ctx) => {
      const { owner = '', repo = '' } = ctx.params;
      const state = ctx.query.get('state') ?? 'open';
      const asc = ctx.query.get('direction') === 'asc';
      const pulls = [...this.pulls.values()]
        .filter((p) => p.repoKey === key(owner, repo) && (state === 'all' || p.data.state === state))
        .sort((a, b) => String(a.data.updated_at).localeCompare(String(b.data.updated_at)) * (asc ? 1 : -1) || b.number - a.number);
      return this.page(ctx, pulls.map((p) => simplePull(p.data)));
    },
    'issues/list-events': (ctx) => this.page(ctx, this.issueEvents.get(paramKey(ctx, 'owner', 'repo', 'issue_number')) ?? []),
  };
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
