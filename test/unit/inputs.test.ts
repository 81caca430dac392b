import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRunContext, resolveTarget, type RunContext } from '../../src/context.js';
import { readInputs, type InputName, type Inputs } from '../../src/inputs.js';
import { defaultInputs } from '../action-inputs.js';

function inputs(overrides: Partial<Record<InputName, string>> = {}): Inputs {
  const values: Record<string, string | undefined> = { ...defaultInputs('ghs_token'), ...overrides };
  // An input action.yml does not declare reads as empty, as @actions/core reads a missing variable.
  return readInputs((name) => values[name] ?? '');
}

describe('inputs', () => {
  it('reads the defaults', () => {
    expect(inputs()).toEqual({ token: 'ghs_token', config: '.github/vendor-gate.yml', mode: 'enforce', statusContext: 'vendor-gate', comment: true, coverage: '', coverageArtifact: '', apiTimeoutSeconds: 300, configToken: '' });
  });

  it('reads the organisation policy inputs, with the default path and an empty ref for the default branch', () => {
    expect(inputs({ 'org-config-repo': 'acme/policies', 'config-token': ' ghs_reader ' })).toMatchObject({ orgConfig: { owner: 'acme', repo: 'policies', path: '.github/vendor-gate.yml', ref: '' }, configToken: 'ghs_reader' });
    expect(inputs({ 'org-config-repo': 'acme/policies', 'org-config': './vendor-gate.yml', 'org-config-ref': 'v3' }).orgConfig).toEqual({ owner: 'acme', repo: 'policies', path: 'vendor-gate.yml', ref: 'v3' });
  });

  it.each([
    [{ mode: 'strict' }, 'The input mode is "strict"; expected one of: enforce, report.'],
    [{ comment: 'yes' }, 'The input comment is "yes"; expected one of: true, false.'],
    [{ 'pull-request': '12a' }, 'The input pull-request is "12a"; expected a pull request number such as 42.'],
    [{ 'pull-request': '0' }, 'The input pull-request is "0"; expected a pull request number such as 42.'],
    [{ config: '../other/policy.yml' }, 'The input config is "../other/policy.yml"; expected a path inside the repository'],
    [{ 'github-token': ' ' }, 'The input github-token is empty.'],
    [{ coverage: '../elsewhere/lcov.info' }, 'The input coverage names "../elsewhere/lcov.info"; expected a path or glob inside the workspace'],
    [{ coverage: 'coverage/lcov.info,/etc/passwd' }, 'The input coverage names "/etc/passwd"'],
    [{ 'api-timeout': '5m' }, 'The input api-timeout is "5m"; expected whole seconds from 1 to 21600, such as 300.'],
    [{ 'api-timeout': '0' }, 'The input api-timeout is "0"; expected whole seconds from 1 to 21600'],
    [{ 'org-config-repo': 'acme' }, 'The input org-config-repo is "acme"; expected a repository as owner/repo, such as acme/policies.'],
    [{ 'org-config-repo': 'acme/policies', 'org-config': '../x.yml' }, 'The input org-config is "../x.yml"; expected a path inside the central repository'],
  ])('rejects %j', (overrides, message) => {
    expect(() => inputs(overrides)).toThrow(message);
  });

  it('accepts report mode, no comment, #12 and an empty config (built-in defaults)', () => {
    expect(inputs({ mode: 'report', comment: 'False', 'pull-request': '#12', config: '' })).toMatchObject({
      mode: 'report',
      comment: false,
      pullRequest: 12,
      config: '',
    });
  });
});

describe('run context and target', () => {
  const context = (eventName: string, payload: Record<string, unknown>): RunContext => ({
    eventName,
    payload,
    repository: { owner: 'o', repo: 'r' },
    apiUrl: 'http://127.0.0.1:1',
    serverUrl: 'https://github.com',
  });

  it('reads the runner environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vendor-gate-ctx-'));
    writeFileSync(join(dir, 'event.json'), JSON.stringify({ action: 'opened', number: 3 }));
    const ctx = readRunContext({
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: join(dir, 'event.json'),
      GITHUB_REPOSITORY: 'octo/app',
      GITHUB_API_URL: 'https://ghe.example/api/v3/',
      GITHUB_RUN_ID: '99',
    });
    expect(ctx).toEqual({
      eventName: 'pull_request',
      payload: { action: 'opened', number: 3 },
      repository: { owner: 'octo', repo: 'app' },
      apiUrl: 'https://ghe.example/api/v3',
      serverUrl: 'https://github.com',
      runUrl: 'https://github.com/octo/app/actions/runs/99',
    });
    expect(() => readRunContext({})).toThrow('The environment variable GITHUB_EVENT_NAME is not set');
  });

  it.each([
    ['pull_request', { action: 'synchronize', pull_request: { number: 5 } }, { kind: 'pull-request', number: 5 }],
    ['pull_request_target', { action: 'labeled', number: 6, pull_request: { number: 6 } }, { kind: 'pull-request', number: 6 }],
    ['pull_request', { action: 'closed', pull_request: { number: 5 } }, { kind: 'ignore', reason: 'the pull_request action "closed" does not change what vendor-gate checks' }],
    ['merge_group', { merge_group: { head_sha: 'abc' } }, { kind: 'merge-group', headSha: 'abc' }],
    ['pull_request_review', { action: 'submitted', pull_request: { number: 8 } }, { kind: 'pull-request', number: 8 }],
    ['pull_request_review', { action: 'dismissed', pull_request: { number: 8 } }, { kind: 'pull-request', number: 8 }],
    ['pull_request_review', { action: 'deleted', pull_request: { number: 8 } }, { kind: 'ignore', reason: 'the review action "deleted" does not change approvals' }],
    [
      'workflow_run',
      { action: 'completed', workflow_run: { head_sha: 'h2', pull_requests: [{ number: 3, head: { sha: 'h1' } }, { number: 4, head: { sha: 'h2' } }] } },
      { kind: 'pull-request', number: 4, runHeadSha: 'h2' },
    ],
    ['workflow_run', { action: 'completed', workflow_run: { id: 77, head_sha: 'h3', pull_requests: [] } }, { kind: 'commit', headSha: 'h3', workflowRunId: 77 }],
    ['workflow_run', { action: 'requested', workflow_run: { head_sha: 'h3' } }, { kind: 'ignore', reason: 'the workflow_run action "requested" is not "completed"' }],
    ['workflow_run', { action: 'completed', workflow_run: { id: 77, head_sha: 'h8', pull_requests: [{ number: 8 }] } }, { kind: 'pull-request', number: 8, workflowRunId: 77, runHeadSha: 'h8' }],
  ])('%s %j', (event, payload, target) => {
    expect(resolveTarget(context(event, payload), inputs())).toEqual(target);
  });

  it('takes the input pull-request for any event, and names the supported events otherwise', () => {
    expect(resolveTarget(context('workflow_dispatch', {}), inputs({ 'pull-request': '9' }))).toEqual({ kind: 'pull-request', number: 9 });
    expect(() => resolveTarget(context('workflow_dispatch', {}), inputs())).toThrow(
      'vendor-gate does not support the event workflow_dispatch without the input pull-request. Supported events: pull_request, pull_request_target, pull_request_review, workflow_run, merge_group, workflow_dispatch (with the input pull-request).',
    );
    expect(() => resolveTarget(context('push', {}), inputs())).toThrow('vendor-gate does not support the event push.');
  });

  it('keeps the run id of a workflow_run with the input pull-request, and looks a fork PR up by its head commit', () => {
    const run = { action: 'completed', workflow_run: { id: 77, head_sha: 'f0', pull_requests: [] } };
    expect(resolveTarget(context('workflow_run', run), inputs({ 'pull-request': '9' }))).toEqual({ kind: 'pull-request', number: 9, workflowRunId: 77, runHeadSha: 'f0' });
    expect(resolveTarget(context('workflow_run', run), inputs())).toEqual({ kind: 'commit', headSha: 'f0', workflowRunId: 77 });
    expect(() => resolveTarget(context('workflow_run', { action: 'completed', workflow_run: { id: 77 } }), inputs())).toThrow(
      'The workflow_run event payload has no workflow_run.head_sha.',
    );
  });
});
