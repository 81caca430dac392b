import { readFileSync } from 'node:fs';
import { UserError } from './errors.js';
import type { RepoCoordinates } from './github/client.js';
import type { Inputs } from './inputs.js';
import type { Report } from './model.js';

/** What the runner tells the action about this run, read from its environment once. */
export interface RunContext {
  eventName: string;
  payload: Record<string, unknown>;
  repository: RepoCoordinates;
  apiUrl: string;
  serverUrl: string;
  runUrl?: string;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new UserError(`The environment variable ${name} is not set: vendor-gate must run inside a GitHub Actions job.`);
  return value;
}

export function readRunContext(env: NodeJS.ProcessEnv): RunContext {
  const eventName = required(env, 'GITHUB_EVENT_NAME');
  const eventPath = env.GITHUB_EVENT_PATH;
  const payload: unknown = eventPath ? JSON.parse(readFileSync(eventPath, 'utf8')) : {};
  const [owner = '', repo = ''] = required(env, 'GITHUB_REPOSITORY').split('/');
  const serverUrl = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/$/, '');
  const runId = env.GITHUB_RUN_ID;
  return {
    eventName,
    payload: typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {},
    repository: { owner, repo },
    apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, ''),
    serverUrl,
    ...(runId ? { runUrl: `${serverUrl}/${owner}/${repo}/actions/runs/${runId}` } : {}),
  };
}

export const PULL_REQUEST_ACTIONS = ['opened', 'synchronize', 'reopened', 'edited', 'labeled', 'unlabeled', 'ready_for_review'];
export const REVIEW_ACTIONS = ['submitted', 'dismissed', 'edited'];
export const SUPPORTED_EVENTS = [
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'workflow_run',
  'merge_group',
  'workflow_dispatch (with the input pull-request)',
];

export type Target =
  /**
   * `workflowRunId`: the triggering run of a workflow_run event, whose artifacts may hold coverage;
   * `runHeadSha`: the commit that run tested, which decides only while it is still the PR's head.
   */
  | { kind: 'pull-request'; number: number; workflowRunId?: number; runHeadSha?: string }
  /** A workflow_run whose payload names no PR (runs from forks): find the open PR of this head commit. */
  | { kind: 'commit'; headSha: string; workflowRunId?: number }
  | { kind: 'merge-group'; headSha: string }
  | { kind: 'ignore'; reason: string };

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function stringField(value: unknown, key: string): string {
  const found = field(value, key);
  return typeof found === 'string' ? found : '';
}

/** Which pull request (or merge group) this run is about; unsupported events are a clear error. */
export function resolveTarget(context: RunContext, inputs: Inputs): Target {
  if (inputs.pullRequest !== undefined) {
    const run = context.eventName === 'workflow_run' ? field(context.payload, 'workflow_run') : undefined;
    const runId = field(run, 'id');
    const runHeadSha = field(run, 'head_sha');
    return {
      kind: 'pull-request',
      number: inputs.pullRequest,
      ...(typeof runId === 'number' ? { workflowRunId: runId } : {}),
      ...(typeof runHeadSha === 'string' ? { runHeadSha } : {}),
    };
  }
  const { eventName, payload } = context;
  if (eventName === 'pull_request' || eventName === 'pull_request_target') {
    const action = stringField(payload, 'action');
    if (!PULL_REQUEST_ACTIONS.includes(action)) {
      return { kind: 'ignore', reason: `the ${eventName} action "${action}" does not change what vendor-gate checks` };
    }
    const number = field(field(payload, 'pull_request'), 'number') ?? field(payload, 'number');
    if (typeof number !== 'number') throw new UserError(`The ${eventName} event payload has no pull request number.`);
    return { kind: 'pull-request', number };
  }
  if (eventName === 'pull_request_review') {
    const action = stringField(payload, 'action');
    if (!REVIEW_ACTIONS.includes(action)) return { kind: 'ignore', reason: `the review action "${action}" does not change approvals` };
    const number = field(field(payload, 'pull_request'), 'number');
    if (typeof number !== 'number') throw new UserError('The pull_request_review event payload has no pull_request.number.');
    return { kind: 'pull-request', number };
  }
  if (eventName === 'workflow_run') return workflowRunTarget(payload);
  if (eventName === 'merge_group') {
    const headSha = field(field(payload, 'merge_group'), 'head_sha');
    if (typeof headSha !== 'string') throw new UserError('The merge_group event payload has no merge_group.head_sha.');
    return { kind: 'merge-group', headSha };
  }
  throw new UserError(
    `vendor-gate does not support the event ${eventName}${eventName === 'workflow_dispatch' ? ' without the input pull-request' : ''}. ` +
      `Supported events: ${SUPPORTED_EVENTS.join(', ')}. Any other event needs the input pull-request.`,
  );
}

/** The PR of a completed workflow_run, named in its payload; the run's id locates its artifacts. */
export function workflowRunTarget(payload: Record<string, unknown>): Target {
  const run = field(payload, 'workflow_run');
  const action = stringField(payload, 'action');
  if (action !== 'completed') return { kind: 'ignore', reason: `the workflow_run action "${action}" is not "completed"` };
  const headSha = field(run, 'head_sha');
  if (typeof headSha !== 'string') throw new UserError('The workflow_run event payload has no workflow_run.head_sha.');
  const runId = field(run, 'id');
  const fromRun = typeof runId === 'number' ? { workflowRunId: runId } : {};
  const pulls = field(run, 'pull_requests');
  // GitHub fills pull_requests only for PRs from the same repository; prefer the one whose head is this run's commit.
  const listed = Array.isArray(pulls) ? (pulls as unknown[]) : [];
  const match = listed.find((p) => field(field(p, 'head'), 'sha') === headSha) ?? listed[0];
  const number = field(match, 'number');
  return typeof number === 'number' ? { kind: 'pull-request', number, runHeadSha: headSha, ...fromRun } : { kind: 'commit', headSha, ...fromRun };
}

/** A `labeled` event: who applied which label while which commit was the head, as GitHub reports it (not the vendor). */
export function labeledEvent(context: RunContext): { label: string; by: string; sha: string } | undefined {
  const { eventName, payload } = context;
  if ((eventName !== 'pull_request' && eventName !== 'pull_request_target') || stringField(payload, 'action') !== 'labeled') return undefined;
  const label = stringField(field(payload, 'label'), 'name');
  const by = stringField(field(payload, 'sender'), 'login');
  const sha = stringField(field(field(payload, 'pull_request'), 'head'), 'sha');
  return label && by && /^[0-9a-f]{40}$/.test(sha) ? { label, by, sha } : undefined;
}

/**
 * What the event payload says about pull request `number` (the PR of a pull_request* event, or the
 * head of a workflow_run), for an error status when the PR itself cannot be read; undefined when the
 * payload does not name that PR's head.
 */
export function pullRequestFromPayload(context: RunContext, number: number): Report['pullRequest'] | undefined {
  const { payload } = context;
  const pull = field(payload, 'pull_request');
  if (pull !== undefined && field(pull, 'number') === number) {
    const headSha = stringField(field(pull, 'head'), 'sha');
    if (headSha === '') return undefined;
    const url = stringField(pull, 'html_url');
    return {
      number,
      ...(url !== '' ? { url } : {}),
      title: stringField(pull, 'title'),
      author: stringField(field(pull, 'user'), 'login'),
      headSha,
      baseSha: stringField(field(pull, 'base'), 'sha'),
      baseRef: stringField(field(pull, 'base'), 'ref'),
    };
  }
  const run = field(payload, 'workflow_run');
  const listed = field(run, 'pull_requests');
  const named = Array.isArray(listed) ? (listed as unknown[]).find((p) => field(p, 'number') === number) : undefined;
  const headSha = stringField(run, 'head_sha');
  // Only a run of the PR's own head: an older run's commit is not the one to mark.
  if (named === undefined || headSha === '' || stringField(field(named, 'head'), 'sha') !== headSha) return undefined;
  return { number, title: '', author: '', headSha, baseSha: stringField(field(named, 'base'), 'sha'), baseRef: stringField(field(named, 'base'), 'ref') };
}
