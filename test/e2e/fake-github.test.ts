// Tests of the fake GitHub itself, over real HTTP with fetch, so e2e failures can be trusted to be the action's.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeGitHub, type CommitInput, type FileInput } from './fake-github.js';
import { matchRoute, validateResponse } from './openapi.js';

const APP_TOKEN = 'ghs_installation';
const USER_TOKEN = 'ghp_personal';

let fake: FakeGitHub;
let base: string;

beforeEach(async () => {
  fake = new FakeGitHub();
  base = await fake.start();
  fake.addAppToken(APP_TOKEN);
  fake.addUserToken(USER_TOKEN, 'release-bot');
});
afterEach(async () => {
  await fake.stop();
});

interface Answer { status: number; link: string; json: unknown; text: string }
async function call(method: string, path: string, options: { token?: string | null; body?: unknown; accept?: string } = {}): Promise<Answer> {
  const token = options.token === undefined ? APP_TOKEN : options.token;
  const response = await fetch(path.startsWith('http') ? path : `${base}${path}`, {
    method,
    headers: {
      accept: options.accept ?? 'application/vnd.github+json',
      ...(token === null ? {} : { authorization: `token ${token}` }),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  const isJson = response.headers.get('content-type')?.startsWith('application/json') ?? false;
  return { status: response.status, link: response.headers.get('link') ?? '', json: isJson ? JSON.parse(text) : undefined, text };
}

/** Follows rel="next" like Octokit's paginate, returning every item and the number of pages. */
async function listAll(path: string): Promise<{ items: unknown[]; pages: number }> {
  const items: unknown[] = [];
  let next: string | undefined = path;
  let pages = 0;
  while (next !== undefined) {
    const answer = await call('GET', next);
    expect(answer.status).toBe(200);
    items.push(...(answer.json as unknown[]));
    pages++;
    next = /<([^>]+)>; rel="next"/.exec(answer.link)?.[1];
  }
  return { items, pages };
}

const files = (count: number): FileInput[] =>
  Array.from({ length: count }, (_, i) => ({ filename: `src/file-${i}.ts`, status: 'modified', additions: 2, deletions: 1, patch: '@@ -1 +1,2 @@' }));
const commits = (count: number): CommitInput[] =>
  Array.from({ length: count }, (_, i) => ({
    sha: i.toString(16).padStart(40, '0'), message: `change ${i}`,
    author: { name: 'Vendor Dev', email: 'dev@vendor.example', login: 'vendor-dev' }, committer: { name: 'GitHub', email: 'noreply@github.com' },
  }));

describe('pull requests', () => {
  it('serves a schema-valid PR built from the webhook example, with counts that follow from files and commits', async () => {
    fake.addPullRequest('acme', 'shop', {
      number: 7, title: 'Add checkout', body: null, user: { login: 'vendor-dev' }, author_association: 'CONTRIBUTOR',
      labels: ['vendor'], draft: true, base: { ref: 'develop' }, files: files(3), commits: commits(2),
    });
    const { status, json } = await call('GET', '/repos/acme/shop/pulls/7');
    expect(status).toBe(200);
    expect(json).toMatchObject({
      number: 7, title: 'Add checkout', body: null, draft: true, user: { login: 'vendor-dev' }, author_association: 'CONTRIBUTOR',
      labels: [{ name: 'vendor' }], changed_files: 3, additions: 6, deletions: 3, commits: 2,
      head: { sha: commits(2)[1]?.sha }, base: { ref: 'develop', repo: { full_name: 'acme/shop' } },
      url: 'https://api.github.com/repos/acme/shop/pulls/7',
    });
    expect((await call('GET', '/repos/acme/shop/pulls/8')).status).toBe(404);
    expect(fake.problems).toEqual([]);
  });

  it('paginates with Link headers across 3 pages', async () => {
    fake.addPullRequest('acme', 'shop', { number: 1, files: files(65) });
    const first = await call('GET', '/repos/acme/shop/pulls/1/files');
    expect((first.json as unknown[]).length).toBe(30);
    expect(first.link).toBe(`<${base}/repos/acme/shop/pulls/1/files?page=2>; rel="next", <${base}/repos/acme/shop/pulls/1/files?page=3>; rel="last"`);
    const third = await call('GET', '/repos/acme/shop/pulls/1/files?page=3');
    expect((third.json as unknown[]).length).toBe(5);
    expect(third.link).toContain('rel="prev"');
    expect(third.link).not.toContain('rel="next"');
    const all = await listAll('/repos/acme/shop/pulls/1/files');
    expect(all.pages).toBe(3);
    expect(all.items.map((file) => (file as { filename: string }).filename)).toEqual(files(65).map((file) => file.filename));
    expect(((await call('GET', '/repos/acme/shop/pulls/1/files?per_page=500')).json as unknown[]).length).toBe(65);
    expect(fake.problems).toEqual([]);
  });

  it('lists at most 3000 files and 250 commits while the PR reports the real counts', async () => {
    fake.addPullRequest('acme', 'big', { number: 2, files: files(3100), changed_files: 3500, commits: commits(260) });
    expect((await call('GET', '/repos/acme/big/pulls/2')).json).toMatchObject({ changed_files: 3500, commits: 260 });
    const listedFiles = await listAll('/repos/acme/big/pulls/2/files?per_page=100');
    expect([listedFiles.items.length, listedFiles.pages]).toEqual([3000, 30]);
    expect((await listAll('/repos/acme/big/pulls/2/commits?per_page=100')).items).toHaveLength(250);
    expect(fake.problems).toEqual([]);
  });

  it('lists associated PRs, reviews and issue events', async () => {
    const sha = 'a'.repeat(40);
    fake.addPullRequest('acme', 'shop', { number: 3, head: { sha } });
    fake.addReview('acme', 'shop', 3, { login: 'lead', state: 'APPROVED' });
    fake.addIssueEvent('acme', 'shop', 3, { event: 'labeled', login: 'lead', label: 'vendor-override' });
    expect((await call('GET', `/repos/acme/shop/commits/${sha}/pulls`)).json).toMatchObject([{ number: 3 }]);
    fake.setAssociatedPulls('acme', 'shop', sha, []);
    expect((await call('GET', `/repos/acme/shop/commits/${sha}/pulls`)).json).toEqual([]);
    const reviews = await call('GET', '/repos/acme/shop/pulls/3/reviews');
    expect(reviews.json).toMatchObject([{ state: 'APPROVED', user: { login: 'lead' }, commit_id: sha }]);
    expect((await call('GET', '/repos/acme/shop/issues/3/events')).json).toMatchObject([{ event: 'labeled', label: { name: 'vendor-override' } }]);
    expect(fake.problems).toEqual([]);
  });
});

describe('contents', () => {
  it('returns base64 content at a ref and GitHub\'s 404 elsewhere', async () => {
    const text = `version: 1\n# ${'long line '.repeat(20)}\n`;
    const ref = 'b'.repeat(40);
    fake.setFile('acme', 'shop', ref, '.github/vendor-gate.yml', text);
    const found = await call('GET', `/repos/acme/shop/contents/.github%2Fvendor-gate.yml?ref=${ref}`);
    expect(found.status).toBe(200);
    const file = found.json as { type: string; encoding: string; content: string; path: string };
    expect([file.type, file.encoding, file.path]).toEqual(['file', 'base64', '.github/vendor-gate.yml']);
    expect(file.content).toContain('\n');
    expect(Buffer.from(file.content, 'base64').toString('utf8')).toBe(text);
    expect(fake.requests[0]?.path).toBe('/repos/acme/shop/contents/.github/vendor-gate.yml');
    const raw = await call('GET', `/repos/acme/shop/contents/.github/vendor-gate.yml?ref=${ref}`, { accept: 'application/vnd.github.raw+json' });
    expect(raw.text).toBe(text);
    const missing = await call('GET', '/repos/acme/shop/contents/.github/vendor-gate.yml?ref=main');
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ message: 'Not Found', documentation_url: expect.stringContaining('docs.github.com') as unknown });
    expect(fake.problems).toEqual([]);
  });
});

describe('identity and teams', () => {
  it('answers GET /user for a personal token and refuses installation and unknown tokens', async () => {
    expect(await call('GET', '/user', { token: USER_TOKEN })).toMatchObject({ status: 200, json: { login: 'release-bot', type: 'User' } });
    expect(await call('GET', '/user')).toMatchObject({ status: 403, json: { message: 'Resource not accessible by integration' } });
    expect((await call('GET', '/user', { token: 'ghp_unknown' })).status).toBe(401);
    expect((await call('GET', '/user', { token: null })).status).toBe(401);
    const viewer = await call('POST', '/graphql', { body: { query: 'query { viewer { login } }' } });
    expect(viewer.json).toEqual({ data: { viewer: { login: 'github-actions' } } });
    expect(fake.problems).toEqual([]);
  });

  it('answers team memberships, and 403 for all once teams are denied', async () => {
    fake.setTeamMembers('acme', 'vendor-acme', ['Vendor-Dev']);
    const membership = '/orgs/acme/teams/vendor-acme/memberships';
    expect(await call('GET', `${membership}/vendor-dev`)).toMatchObject({ status: 200, json: { state: 'active', role: 'member' } });
    expect((await call('GET', `${membership}/someone`)).status).toBe(404);
    fake.denyTeams();
    expect(await call('GET', `${membership}/vendor-dev`)).toMatchObject({ status: 403, json: { message: 'Resource not accessible by integration' } });
    expect(fake.problems).toEqual([]);
  });
});

describe('writes', () => {
  it('creates, lists, updates and deletes comments as the token\'s identity', async () => {
    const strangerId = fake.addComment('acme', 'shop', 4, { login: 'reviewer', body: 'looks odd' });
    const created = await call('POST', '/repos/acme/shop/issues/4/comments', { body: { body: 'report v1' } });
    expect(created).toMatchObject({ status: 201, json: { body: 'report v1', user: { login: 'github-actions[bot]', type: 'Bot' } } });
    const id = (created.json as { id: number }).id;
    expect((await call('POST', '/repos/acme/shop/issues/4/comments', { token: USER_TOKEN, body: { body: 'by a person' } })).json)
      .toMatchObject({ user: { login: 'release-bot', type: 'User' } });
    const listed = await call('GET', '/repos/acme/shop/issues/4/comments?per_page=2');
    expect((listed.json as { id: number }[]).map((comment) => comment.id)).toEqual([strangerId, id]);
    expect(listed.link).toContain('rel="next"');
    const updated = await call('PATCH', `/repos/acme/shop/issues/comments/${id}`, { body: { body: 'report v2' } });
    expect(updated.json).toMatchObject({ id, body: 'report v2' });
    expect((await call('DELETE', `/repos/acme/shop/issues/comments/${strangerId}`)).status).toBe(204);
    expect((await call('PATCH', `/repos/acme/shop/issues/comments/${strangerId}`, { body: { body: 'x' } })).status).toBe(404);
    expect(fake.comments('acme', 'shop', 4).map(({ login, type, body }) => ({ login, type, body }))).toEqual([
      { login: 'github-actions[bot]', type: 'Bot', body: 'report v2' },
      { login: 'release-bot', type: 'User', body: 'by a person' },
    ]);
    expect(fake.problems).toEqual([]);
  });

  it('records statuses in order', async () => {
    const sha = 'c'.repeat(40);
    const created = await call('POST', `/repos/acme/shop/statuses/${sha}`, { body: { state: 'pending', context: 'vendor-gate' } });
    expect(created).toMatchObject({ status: 201, json: { state: 'pending', context: 'vendor-gate', creator: { login: 'github-actions[bot]' } } });
    const failure = { state: 'failure', context: 'vendor-gate', description: '2 gates failed', target_url: 'https://example.com/run' };
    await call('POST', `/repos/acme/shop/statuses/${sha}`, { body: failure });
    expect(fake.statuses('acme', 'shop')).toEqual([
      { sha, state: 'pending', context: 'vendor-gate', description: null, target_url: null },
      { sha, ...failure },
    ]);
    expect(fake.problems).toEqual([]);
  });
});

describe('checks and faults', () => {
  it('collects schema problems with invalid request bodies and unknown routes', async () => {
    await call('POST', '/repos/acme/shop/statuses/abc', { body: { state: 'bogus' } });
    await call('GET', '/repos/acme/shop/branches');
    expect(fake.problems).toEqual([
      expect.stringMatching(/^POST \/repos\/acme\/shop\/statuses\/abc: request: \/state must be equal to one of the allowed values/),
      'GET /repos/acme/shop/branches: not implemented by the fake',
    ]);
  });

  it('fails the next matching requests on demand, then recovers', async () => {
    fake.failNext('GET', /\/pulls\/\d+$/, 502, 2);
    fake.addPullRequest('acme', 'shop', { number: 5 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call('GET', '/repos/acme/shop/pulls/5?x=1')).status);
    expect(statuses).toEqual([502, 502, 200]);
    expect(fake.requests.at(-1)).toEqual({ method: 'GET', path: '/repos/acme/shop/pulls/5', query: { x: '1' }, body: undefined, token: APP_TOKEN });
    expect(fake.problems).toEqual([]);
  });
});

describe('openapi subset', () => {
  it('matches concrete paths to templates, with {path} spanning slashes', () => {
    expect(matchRoute('GET', '/repos/o/r/contents/a/b%2Fc.yml?ref=x')?.params).toEqual({ owner: 'o', repo: 'r', path: 'a/b/c.yml' });
    expect(matchRoute('PATCH', '/repos/o/r/issues/comments/9')?.key).toBe('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}');
    expect(validateResponse('GET', '/repos/o/r/branches', 200, [])).toEqual([expect.stringContaining('is not an operation')]);
  });

  it('reports responses that break the schema', () => {
    expect(validateResponse('GET', '/orgs/o/teams/t/memberships/u', 200, { state: 'active', role: 'owner' })).toEqual([
      "response 200: (root) must have required property 'url' [missingProperty=\"url\"]",
      'response 200: /role must be equal to one of the allowed values [allowedValues=["member","maintainer"]]',
    ]);
  });

  it('is up to date with the installed @octokit/openapi', () => {
    const script = fileURLToPath(new URL('../../scripts/openapi-subset.mjs', import.meta.url));
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
