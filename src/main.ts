import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { readRunContext, resolveTarget, type RunContext } from './context.js';
import { errorMessage, UserError } from './errors.js';
import { collectFacts } from './facts/github.js';
import { createClient, httpStatus, type Client } from './github/client.js';
import { DEFAULT_REPORT_GLOBS, loadWorkspaceCoverage, splitPatterns, unreadable } from './coverage/load.js';
import { LIMITS } from './coverage/parse.js';
import { CoverageParseError, type CoverageInput } from './coverage/types.js';
import { reportsFromZip } from './coverage/zip.js';
import { downloadRunArtifact } from './github/artifacts.js';
import { readFileAt } from './github/contents.js';
import { tokenLogin } from './github/identity.js';
import { getPullRequest } from './github/pulls.js';
import { createCommitStatus } from './github/statuses.js';
import { teamMembership } from './github/teams.js';
import { readInputs, type Inputs } from './inputs.js';
import type { Logger } from './logger.js';
import type { Policy, PolicySource } from './policy/types.js';
import { resolvePolicy } from './policy/resolve.js';
import { upsertComment } from './publish/comment.js';
import { annotations } from './report/annotations.js';
import { renderJson } from './report/json.js';
import { renderMarkdown } from './report/markdown.js';
import { statusFor } from './report/status.js';
import { teamsToCheck } from './vendor.js';
import { blocks, errorReport, evaluate, type Report } from './verdict.js';

const SUMMARY_LIMIT = 1_000_000;

const logger: Logger = {
  info: (m) => { core.info(m); },
  warning: (m) => { core.warning(m); },
  debug: (m) => { core.debug(m); },
};

/** Turns a 403 from a publishing call into the permission the workflow must grant. */
async function needsPermission<T>(what: string, permission: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const status = httpStatus(error);
    if (status === 403 || status === 404) {
      throw new UserError(
        `Could not ${what} (HTTP ${status}). Give the workflow job "permissions: ${permission}". ` +
          'On a fork pull request, run vendor-gate on pull_request_target or workflow_run: the token of a pull_request run from a fork is read-only.',
      );
    }
    throw error;
  }
}

/** Whether the policy runs the coverage gate for anyone: only then are reports read or downloaded. */
function wantsCoverage(policy: Policy): boolean {
  return policy.gates.coverage.level !== 'off' || policy.profiles.some((p) => p.gates.coverage !== undefined);
}

const ARTIFACT_FIX = 'Upload the coverage report with actions/upload-artifact in the workflow that runs the tests, under the name given in coverage-artifact.';

/** The coverage reports of this run, from the workspace or the triggering run's artifact; failures fail the gate closed. */
async function loadCoverage(client: Client, context: RunContext, inputs: Inputs, workflowRunId: number | undefined, env: NodeJS.ProcessEnv): Promise<CoverageInput> {
  if (inputs.coverageArtifact !== '') {
    const name = inputs.coverageArtifact;
    if (workflowRunId === undefined) {
      return { kind: 'unavailable', reason: `The input coverage-artifact is ${JSON.stringify(name)}, but the event ${context.eventName} is not a workflow_run, so there is no triggering run to take it from.`, fix: 'Use coverage-artifact only in a workflow triggered by workflow_run; elsewhere use the input coverage.' };
    }
    try {
      const zip = await downloadRunArtifact(client, context.repository, workflowRunId, name, LIMITS.totalBytes);
      if (!zip) return { kind: 'unavailable', reason: `The coverage report is missing: the workflow run ${workflowRunId} has no artifact named ${JSON.stringify(name)} (the input coverage-artifact).`, fix: ARTIFACT_FIX };
      const patterns = inputs.coverage === '' ? DEFAULT_REPORT_GLOBS : splitPatterns(inputs.coverage);
      const reports = await reportsFromZip(zip, name, patterns);
      if (reports.length === 0) {
        return { kind: 'unavailable', reason: `The coverage report is missing: the artifact ${JSON.stringify(name)} of run ${workflowRunId} has no file matching ${patterns.join(', ')}.`, fix: ARTIFACT_FIX };
      }
      logger.info(`Coverage: ${reports.length} report(s) from the artifact ${name} of run ${workflowRunId}.`);
      return { kind: 'reports', reports };
    } catch (error) {
      if (error instanceof CoverageParseError || error instanceof UserError) return unreadable(error, name);
      throw error;
    }
  }
  if (inputs.coverage !== '') return loadWorkspaceCoverage(inputs.coverage, env.GITHUB_WORKSPACE ?? process.cwd());
  return {
    kind: 'unavailable',
    reason: 'The policy turns the coverage gate on, but no report was given: the inputs coverage and coverage-artifact are both empty.',
    fix: 'Set the input coverage to the report of the test run (such as coverage/lcov.info), or coverage-artifact in a workflow_run workflow.',
  };
}

async function checkPullRequest(client: Client, context: RunContext, inputs: Inputs, number: number, workflowRunId: number | undefined, env: NodeJS.ProcessEnv): Promise<Report> {
  const { repository } = context;
  const pr = await getPullRequest(client, repository, number);
  const summary = {
    number,
    url: pr.html_url,
    title: pr.title,
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
    const facts = await collectFacts(client, repository, pr, teamsToCheck(resolved.policy), teamMembership(client));
    const coverage = wantsCoverage(resolved.policy) ? await loadCoverage(client, context, inputs, workflowRunId, env) : undefined;
    return evaluate(facts, resolved.policy, source, { mode: inputs.mode, now: new Date(), ...(coverage ? { coverage } : {}) });
  } catch (error) {
    if (!(error instanceof UserError) && error instanceof Error && error.stack) core.debug(error.stack);
    return errorReport(summary, source, inputs.mode, errorMessage(error));
  }
}

/** Every output is set on every path, so that later steps never read a missing one. */
function setOutputs(result: Report['result'], isVendor: boolean, failedGates: readonly string[], reportPath: string): void {
  core.setOutput('result', result);
  core.setOutput('is-vendor', String(isVendor));
  core.setOutput('failed-gates', failedGates.join(','));
  core.setOutput('report', reportPath);
}

function writeReportFile(report: Report, env: NodeJS.ProcessEnv): string {
  const folder = join(env.RUNNER_TEMP ?? tmpdir(), 'vendor-gate');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `report-${report.pullRequest.number ?? 'local'}.json`);
  writeFileSync(path, renderJson(report));
  return path;
}

async function publish(client: Client, context: RunContext, inputs: Inputs, report: Report, env: NodeJS.ProcessEnv): Promise<void> {
  const { repository } = context;
  const error = report.result === 'error' ? report.reason : undefined;
  setOutputs(report.result, report.isVendor, report.failedGates, writeReportFile(report, env));

  for (const a of annotations(report)) {
    const properties = { title: a.title, ...(a.file !== undefined ? { file: a.file } : {}), ...(a.line !== undefined ? { startLine: a.line } : {}) };
    if (a.level === 'error') core.error(a.message, properties);
    else core.warning(a.message, properties);
  }
  const markdownOptions = { ...(context.runUrl ? { runUrl: context.runUrl } : {}), ...(error ? { error } : {}) };
  await core.summary.addRaw(renderMarkdown(report, markdownOptions, SUMMARY_LIMIT)).write();

  const status = statusFor(report, error);
  await needsPermission('set the commit status', 'statuses: write', () =>
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
    const action = await needsPermission('write the pull request comment', 'pull-requests: write', async () =>
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
      setOutputs('skip', false, [], '');
      return;
    }
    const client = createClient({ token: inputs.token, baseUrl: context.apiUrl, logger });
    if (target.kind === 'merge-group') {
      await needsPermission('set the commit status', 'statuses: write', () =>
        createCommitStatus(client, context.repository, {
          sha: target.headSha,
          state: 'success',
          context: inputs.statusContext,
          description: 'Checked on each pull request before it joined the merge queue',
        }),
      );
      setOutputs('skip', false, [], '');
      return;
    }
    const report = await checkPullRequest(client, context, inputs, target.number, target.workflowRunId, env);
    await publish(client, context, inputs, report, env);
  } catch (error) {
    if (!(error instanceof UserError) && error instanceof Error && error.stack) core.debug(error.stack);
    setOutputs('error', false, [], '');
    core.setFailed(`vendor-gate: ${errorMessage(error)}`);
  }
}
