import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { labeledEvent, pullRequestFromPayload, readRunContext, resolveTarget, type RunContext, type Target } from './context.js';
import { errorMessage, HeadMovedError, UserError } from './errors.js';
import { collectFacts, withOmittedContents } from './facts/github.js';
import { createClient, httpStatus, RequestBudget, type Client } from './github/client.js';
import { loadCoverage } from './coverage/source.js';
import { listRepositoryFiles } from './github/tree.js';
import { downloadRunArtifact, findArtifactRun } from './github/artifacts.js';
import { readFileAt } from './github/contents.js';
import { tokenLogin } from './github/identity.js';
import { getPullRequest, type PullRequestData } from './github/pulls.js';
import { pullRequestsForCommit } from './github/reviews.js';
import { createCommitStatus } from './github/statuses.js';
import { readInputs, type Inputs } from './inputs.js';
import type { Logger } from './logger.js';
import type { PolicySource } from './policy/types.js';
import { resolvePolicy } from './policy/resolve.js';
import { ownCommentBody, upsertComment } from './publish/comment.js';
import { annotations } from './report/annotations.js';
import { renderJson } from './report/json.js';
import { renderMarkdown, renderSummary } from './report/markdown.js';
import { renderSarif, sarifFindings } from './report/sarif.js';
import { maskPieces, scrubText } from './secrets/redact.js';
import { pathSecretValues } from './secrets/hostile.js';
import { scanText } from './secrets/scanner.js';
import { statusFor } from './report/status.js';
import { namesReviewers } from './reviews.js';
import { detectVendor, needsCodeowners, needsCoverage, policyTeams } from './vendor.js';
import { blocks, errorReport, evaluateWithSecrets, type Report } from './verdict.js';
import { parseWaiverRecord } from './waiver.js';
import type { WaiverRecord } from './facts/types.js';

type PullRequestTarget = Omit<Extract<Target, { kind: 'pull-request' }>, 'kind'>;

const logger: Logger = {
  info: (m) => { core.info(m); },
  warning: (m) => { core.warning(m); },
  debug: (m) => { core.debug(m); },
};

/**
 * Turns a 403 from a publishing call into the permission the workflow must grant. A 404 may also
 * mean that the thing is gone (`notFound` says what GitHub did not find), as GitHub answers 404 for both.
 */
async function needsPermission<T>(what: string, permission: string, notFound: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const status = httpStatus(error);
    if (status === 403 || status === 404) {
      throw new UserError(
        `Could not ${what} (HTTP ${status}${status === 404 ? `): GitHub found no ${notFound}, or the token may not see it. If it exists, give` : '). Give'} the workflow job "permissions: ${permission}". ` +
          'On a fork pull request, run vendor-gate on pull_request_target or workflow_run: the token of a pull_request run from a fork is read-only.',
      );
    }
    throw error;
  }
}

/** Registers secrets with the runner, which then masks them in every log line; called before anything is printed. */
function maskSecrets(values: Iterable<string>): void {
  for (const value of values) for (const piece of maskPieces(value)) core.setSecret(piece);
}

/** How often a moving head is read again before the run gives up with `error`. */
const MAX_ATTEMPTS = 3;

type Decision = { kind: 'report'; report: Report } | { kind: 'stale'; reason: string };

/**
 * Evaluates the PR at one head commit, read again at the end: a push during the run means the facts
 * may mix two commits, so the run starts over, and after MAX_ATTEMPTS reports `error` on the latest head.
 */
async function decidePullRequest(
  client: Client,
  context: RunContext,
  inputs: Inputs,
  target: PullRequestTarget,
  env: NodeJS.ProcessEnv,
  whoAmI: () => Promise<string>,
): Promise<Decision> {
  const { number, runHeadSha } = target;
  let pr = await getPullRequest(client, context.repository, number);
  for (let attempt = 1; ; attempt++) {
    if (runHeadSha !== undefined && pr.head.sha !== runHeadSha) {
      return {
        kind: 'stale',
        reason: `this workflow run was for the commit ${runHeadSha.slice(0, 7)}, but the head of pull request #${number} is now ${pr.head.sha.slice(0, 7)}; the run for that commit decides`,
      };
    }
    const { report, moved } = await checkPullRequest(client, context, inputs, pr, target.workflowRunId, env, whoAmI);
    // An error decides nothing, so it is safe on any head, and reading again may be what failed.
    if (report.result === 'error' && !moved) return { kind: 'report', report };
    const latest = await getPullRequest(client, context.repository, number);
    if (!moved && latest.head.sha === pr.head.sha) return { kind: 'report', report: await refuseSharedHead(client, context, report) };
    core.info(`The head of pull request #${number} moved from ${pr.head.sha.slice(0, 7)} to ${latest.head.sha.slice(0, 7)} while vendor-gate read it.`);
    if (attempt === MAX_ATTEMPTS) {
      const message = `The head of the pull request kept moving while vendor-gate read it (${MAX_ATTEMPTS} times). Re-run this job once the pushes have stopped.`;
      return { kind: 'report', report: errorReport({ ...report.pullRequest, headSha: latest.head.sha }, report.policy, inputs.mode, message) };
    }
    pr = latest;
  }
}

/**
 * A commit status belongs to a commit, not to a PR: a success for one PR would show on every open
 * PR with the same head, whatever its base and policy. Only a failing verdict is safe to publish then.
 */
async function refuseSharedHead(client: Client, context: RunContext, report: Report): Promise<Report> {
  if (report.result !== 'pass' && report.result !== 'skip') return report;
  const { headSha, number } = report.pullRequest;
  const others = (await pullRequestsForCommit(client, context.repository, headSha)).filter((p) => p.state === 'open' && p.head.sha === headSha && p.number !== number);
  const [first] = others;
  if (!first) return report;
  const names = others.map((p) => `#${p.number} (into ${p.base.ref})`).join(', ');
  return errorReport(
    report.pullRequest,
    report.policy,
    report.mode,
    `Pull request ${names} has the same head commit. A commit status belongs to the commit, so a success here would also show on #${first.number}, whatever its checks say. ` +
      'vendor-gate does not pass either while both are open. Close one of them, or push a new commit to one of the branches.',
  );
}

/**
 * Which head commit the person who applied the waiver label saw: this run's own `labeled` event says
 * so; any other run reads what that run recorded in the sticky comment (only the token's own comment).
 */
async function waiverRecordFor(client: Client, context: RunContext, label: string, pr: PullRequestData, whoAmI: () => Promise<string>): Promise<WaiverRecord | undefined> {
  const same = (name: string) => name.toLowerCase() === label.toLowerCase();
  if (!pr.labels.some((l) => same(l.name))) return undefined;
  const event = labeledEvent(context);
  if (event && same(event.label)) return { sha: event.sha, by: event.by };
  const body = await ownCommentBody(client, context.repository, pr.number, whoAmI);
  return body === undefined ? undefined : parseWaiverRecord(body);
}

/** One evaluation at the head `pr` names; `moved` when a list already showed a newer head. */
async function checkPullRequest(
  client: Client,
  context: RunContext,
  inputs: Inputs,
  pr: PullRequestData,
  workflowRunId: number | undefined,
  env: NodeJS.ProcessEnv,
  whoAmI: () => Promise<string>,
): Promise<{ report: Report; moved: boolean }> {
  const { repository } = context;
  const number = pr.number;
  // The title is in the report of every path, also when the run stops before the gates.
  const titleSecrets = scanText(pr.title).map((m) => m.value);
  maskSecrets(titleSecrets);
  const summary = {
    number,
    url: pr.html_url,
    title: scrubText(pr.title, titleSecrets),
    author: pr.user.login,
    headSha: pr.head.sha,
    baseSha: pr.base.sha,
    baseRef: pr.base.ref,
  };
  let source: PolicySource = { path: inputs.config, builtIn: inputs.config === '', sha: pr.base.sha };
  try {
    const resolved = await resolvePolicy(inputs.config, (path) => readFileAt(client, repository, path, pr.base.sha), {
      description: `the base branch ${pr.base.ref} at ${pr.base.sha.slice(0, 12)}`,
      sha: pr.base.sha,
    });
    source = resolved.source;
    const { policy } = resolved;
    const listed = await collectFacts(client, repository, pr, { teams: policyTeams(policy), codeowners: needsCodeowners(policy), permissions: !namesReviewers(policy) });
    // A file name can hold a secret, and the reads below put names into request URLs that may be logged.
    maskSecrets(pathSecretValues(listed.files.flatMap((f) => [f.path, f.previousPath])));
    const waiverRecord = await waiverRecordFor(client, context, policy.waiver.label, pr, whoAmI);
    const withRecord = waiverRecord ? { ...listed, waiverRecord } : listed;
    const facts = detectVendor(policy, withRecord).isVendor ? await withOmittedContents(client, repository, withRecord) : withRecord;
    // Reports are read or downloaded only when the coverage gate will look at them.
    const coverage = needsCoverage(policy, facts)
      ? await loadCoverage(
          {
            coverage: inputs.coverage,
            coverageArtifact: inputs.coverageArtifact,
            workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
            eventName: context.eventName,
            headSha: pr.head.sha,
            listFiles: () => listRepositoryFiles(client, repository, pr.head.sha),
            ...(workflowRunId !== undefined ? { workflowRunId } : {}),
          },
          (runId, name, maxBytes) => downloadRunArtifact(client, repository, runId, name, maxBytes),
          (name, headSha) => findArtifactRun(client, repository, name, headSha),
          logger,
        )
      : undefined;
    const { report, secrets } = evaluateWithSecrets(facts, policy, source, { mode: inputs.mode, now: new Date(), ...(coverage ? { coverage } : {}) });
    maskSecrets(secrets);
    return { report, moved: false };
  } catch (error) {
    const moved = error instanceof HeadMovedError;
    if (!(error instanceof UserError) && !moved && error instanceof Error && error.stack) core.debug(error.stack);
    return { report: errorReport(summary, source, inputs.mode, errorMessage(error)), moved };
  }
}

/** Every output is set on every path, so that later steps never read a missing one. */
function setOutputs(result: Report['result'], isVendor: boolean, failedGates: readonly string[], files: { report: string; sarif: string }): void {
  core.setOutput('result', result);
  core.setOutput('is-vendor', String(isVendor));
  core.setOutput('failed-gates', failedGates.join(','));
  core.setOutput('report', files.report);
  core.setOutput('sarif', files.sarif);
}

const NO_FILES = { report: '', sarif: '' };

/** The JSON report and the SARIF log (empty of results when nothing was found, so an upload step never misses it). */
function writeReportFiles(report: Report, env: NodeJS.ProcessEnv): { report: string; sarif: string } {
  const folder = join(env.RUNNER_TEMP ?? tmpdir(), 'vendor-gate');
  mkdirSync(folder, { recursive: true });
  const name = String(report.pullRequest.number ?? 'local');
  const files = { report: join(folder, `report-${name}.json`), sarif: join(folder, `secrets-${name}.sarif`) };
  writeFileSync(files.report, renderJson(report));
  writeFileSync(files.sarif, renderSarif(sarifFindings(report)));
  return files;
}

async function publish(client: Client, context: RunContext, inputs: Inputs, report: Report, env: NodeJS.ProcessEnv, whoAmI: () => Promise<string>): Promise<void> {
  const { repository } = context;
  const error = report.result === 'error' ? report.reason : undefined;
  setOutputs(report.result, report.isVendor, report.failedGates, writeReportFiles(report, env));

  for (const a of annotations(report)) {
    const properties = { title: a.title, ...(a.file !== undefined ? { file: a.file } : {}), ...(a.line !== undefined ? { startLine: a.line } : {}) };
    if (a.level === 'error') core.error(a.message, properties);
    else core.warning(a.message, properties);
  }
  const markdownOptions = { ...(context.runUrl ? { runUrl: context.runUrl } : {}), ...(error ? { error } : {}) };
  await core.summary.addRaw(renderSummary(report, markdownOptions)).write();

  const status = statusFor(report, error);
  // Also after the API budget ran out: the verdict, above all an error, must reach the head commit.
  client.budget.grantLastRequest();
  const commit = `commit ${report.pullRequest.headSha.slice(0, 12)} in ${repository.owner}/${repository.repo}`;
  await needsPermission('set the commit status', 'statuses: write', commit, () =>
    createCommitStatus(client, repository, {
      sha: report.pullRequest.headSha,
      state: status.state,
      context: inputs.statusContext,
      description: status.description,
      ...(context.runUrl ? { targetUrl: context.runUrl } : {}),
    }),
  );
  core.info(`Commit status ${inputs.statusContext} on ${report.pullRequest.headSha}: ${status.state}, "${status.description}"`);

  const number = report.pullRequest.number;
  if (inputs.comment && number !== undefined) {
    const body = renderMarkdown(report, markdownOptions);
    // Only vendor PRs get a new comment; an older one is still kept current (the author may have stopped being a vendor).
    const create = report.result === 'pass' || report.result === 'fail';
    const action = await needsPermission('write the pull request comment', 'pull-requests: write', `pull request #${number} in ${repository.owner}/${repository.repo}`, async () =>
      upsertComment(client, repository, number, body, whoAmI, { create }),
    );
    core.info(`Pull request comment: ${action}.`);
  }
  if (error) core.error(error);
  if (blocks(report)) core.setFailed(`vendor-gate: ${status.description}`);
}

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    const inputs = readInputs((name) => core.getInput(name));
    const context = readRunContext(env);
    const target = resolveTarget(context, inputs);
    if (target.kind === 'ignore') {
      core.info(`Nothing to check: ${target.reason}.`);
      setOutputs('skip', false, [], NO_FILES);
      return;
    }
    const client = createClient({ token: inputs.token, baseUrl: context.apiUrl, logger, budget: new RequestBudget(inputs.apiTimeoutSeconds * 1000) });
    // The token's login costs up to two requests (one spaced like a write): ask once per run.
    let login: Promise<string> | undefined;
    const whoAmI = (): Promise<string> => (login ??= tokenLogin(client));
    if (target.kind === 'merge-group') {
      await needsPermission('set the commit status', 'statuses: write', `commit ${target.headSha.slice(0, 12)} in ${context.repository.owner}/${context.repository.repo}`, () =>
        createCommitStatus(client, context.repository, {
          sha: target.headSha,
          state: 'success',
          context: inputs.statusContext,
          description: 'Checked on each pull request before it joined the merge queue',
        }),
      );
      setOutputs('skip', false, [], NO_FILES);
      return;
    }
    let pullRequest: PullRequestTarget;
    if (target.kind === 'commit') {
      const pulls = await pullRequestsForCommit(client, context.repository, target.headSha);
      const open = pulls.find((p) => p.state === 'open' && p.head.sha === target.headSha);
      if (!open) {
        core.info(`Nothing to check: no open pull request has the head commit ${target.headSha}.`);
        setOutputs('skip', false, [], NO_FILES);
        return;
      }
      pullRequest = { number: open.number, runHeadSha: target.headSha, ...(target.workflowRunId !== undefined ? { workflowRunId: target.workflowRunId } : {}) };
    } else {
      pullRequest = target;
    }
    const decision = await decidePullRequest(client, context, inputs, pullRequest, env, whoAmI).catch((error: unknown): Decision => {
      // The pull request could not be read: the event still names its head, which then gets the error status.
      const fromEvent = pullRequestFromPayload(context, pullRequest.number);
      if (!fromEvent) throw error;
      if (!(error instanceof UserError) && error instanceof Error && error.stack) core.debug(error.stack);
      const source = { path: inputs.config, builtIn: inputs.config === '', sha: fromEvent.baseSha };
      return { kind: 'report', report: errorReport(fromEvent, source, inputs.mode, errorMessage(error)) };
    });
    if (decision.kind === 'stale') {
      core.info(`Nothing to publish: ${decision.reason}.`);
      setOutputs('skip', false, [], NO_FILES);
      return;
    }
    await publish(client, context, inputs, decision.report, env, whoAmI);
  } catch (error) {
    if (!(error instanceof UserError) && error instanceof Error && error.stack) core.debug(error.stack);
    setOutputs('error', false, [], NO_FILES);
    core.setFailed(`vendor-gate: ${errorMessage(error)}`);
  }
}
