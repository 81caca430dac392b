import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { pullRequestFromPayload, readRunContext, resolveTarget, type RunContext } from './context.js';
import { errorMessage, UserError } from './errors.js';
import { collectFacts, withOmittedContents } from './facts/github.js';
import { createClient, httpStatus, RequestBudget, type Client } from './github/client.js';
import { loadCoverage } from './coverage/source.js';
import { downloadRunArtifact, findArtifactRun } from './github/artifacts.js';
import { readFileAt } from './github/contents.js';
import { tokenLogin } from './github/identity.js';
import { getPullRequest } from './github/pulls.js';
import { pullRequestsForCommit } from './github/reviews.js';
import { createCommitStatus } from './github/statuses.js';
import { readInputs, type Inputs } from './inputs.js';
import type { Logger } from './logger.js';
import type { PolicySource } from './policy/types.js';
import { resolvePolicy } from './policy/resolve.js';
import { upsertComment } from './publish/comment.js';
import { annotations } from './report/annotations.js';
import { renderJson } from './report/json.js';
import { renderMarkdown } from './report/markdown.js';
import { renderSarif, sarifFindings } from './report/sarif.js';
import { maskPieces, scrubText } from './secrets/redact.js';
import { scanText } from './secrets/scanner.js';
import { statusFor } from './report/status.js';
import { detectVendor, needsCodeowners, needsCoverage, policyTeams } from './vendor.js';
import { blocks, errorReport, evaluateWithSecrets, type Report } from './verdict.js';

const SUMMARY_LIMIT = 1_000_000;

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

async function checkPullRequest(client: Client, context: RunContext, inputs: Inputs, number: number, workflowRunId: number | undefined, env: NodeJS.ProcessEnv): Promise<Report> {
  const { repository } = context;
  const pr = await getPullRequest(client, repository, number);
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
    const listed = await collectFacts(client, repository, pr, { teams: policyTeams(policy), codeowners: needsCodeowners(policy) });
    const facts = detectVendor(policy, listed).isVendor ? await withOmittedContents(client, repository, listed) : listed;
    // Reports are read or downloaded only when the coverage gate will look at them.
    const coverage = needsCoverage(policy, facts)
      ? await loadCoverage(
          {
            coverage: inputs.coverage,
            coverageArtifact: inputs.coverageArtifact,
            workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
            eventName: context.eventName,
            headSha: pr.head.sha,
            ...(workflowRunId !== undefined ? { workflowRunId } : {}),
          },
          (runId, name, maxBytes) => downloadRunArtifact(client, repository, runId, name, maxBytes),
          (name, headSha) => findArtifactRun(client, repository, name, headSha),
          logger,
        )
      : undefined;
    const { report, secrets } = evaluateWithSecrets(facts, policy, source, { mode: inputs.mode, now: new Date(), ...(coverage ? { coverage } : {}) });
    maskSecrets(secrets);
    return report;
  } catch (error) {
    if (!(error instanceof UserError) && error instanceof Error && error.stack) core.debug(error.stack);
    return errorReport(summary, source, inputs.mode, errorMessage(error));
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

async function publish(client: Client, context: RunContext, inputs: Inputs, report: Report, env: NodeJS.ProcessEnv): Promise<void> {
  const { repository } = context;
  const error = report.result === 'error' ? report.reason : undefined;
  setOutputs(report.result, report.isVendor, report.failedGates, writeReportFiles(report, env));

  for (const a of annotations(report)) {
    const properties = { title: a.title, ...(a.file !== undefined ? { file: a.file } : {}), ...(a.line !== undefined ? { startLine: a.line } : {}) };
    if (a.level === 'error') core.error(a.message, properties);
    else core.warning(a.message, properties);
  }
  const markdownOptions = { ...(context.runUrl ? { runUrl: context.runUrl } : {}), ...(error ? { error } : {}) };
  await core.summary.addRaw(renderMarkdown(report, markdownOptions, SUMMARY_LIMIT)).write();

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
      upsertComment(client, repository, number, body, () => tokenLogin(client), { create }),
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
    let number: number;
    if (target.kind === 'commit') {
      const pulls = await pullRequestsForCommit(client, context.repository, target.headSha);
      const open = pulls.find((p) => p.state === 'open' && p.head.sha === target.headSha);
      if (!open) {
        core.info(`Nothing to check: no open pull request has the head commit ${target.headSha}.`);
        setOutputs('skip', false, [], NO_FILES);
        return;
      }
      number = open.number;
    } else {
      number = target.number;
    }
    const report = await checkPullRequest(client, context, inputs, number, target.workflowRunId, env).catch((error: unknown) => {
      // The pull request could not be read: the event still names its head, which then gets the error status.
      const fromEvent = pullRequestFromPayload(context, number);
      if (!fromEvent) throw error;
      if (!(error instanceof UserError) && error instanceof Error && error.stack) core.debug(error.stack);
      return errorReport(fromEvent, { path: inputs.config, builtIn: inputs.config === '', sha: fromEvent.baseSha }, inputs.mode, errorMessage(error));
    });
    await publish(client, context, inputs, report, env);
  } catch (error) {
    if (!(error instanceof UserError) && error instanceof Error && error.stack) core.debug(error.stack);
    setOutputs('error', false, [], NO_FILES);
    core.setFailed(`vendor-gate: ${errorMessage(error)}`);
  }
}
