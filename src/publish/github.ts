import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import type { RunContext } from '../context.js';
import { errorMessage, UserError } from '../errors.js';
import { httpStatus, type Client } from '../github/client.js';
import { createCommitStatus } from '../github/statuses.js';
import type { Inputs } from '../inputs.js';
import type { Report } from '../model.js';
import { annotations } from '../report/annotations.js';
import { renderJson } from '../report/json.js';
import { appendEntry, EMPTY_HISTORY, historyBlock, historyEntry, parseHistory, type HistoryEntry } from '../report/history.js';
import { COMMENT_LIMIT, renderMarkdown, renderSummary, type MarkdownOptions } from '../report/markdown.js';
import { renderSarif, sarifFindings } from '../report/sarif.js';
import { statusFor } from '../report/status.js';
import { maskPieces } from '../secrets/redact.js';
import { blocks } from '../verdict.js';
import { upsertComment } from './comment.js';
import type { Publisher } from './port.js';

type Files = { report: string; sarif: string };
const NO_FILES: Files = { report: '', sarif: '' };

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

/** Every output is set on every path, so that later steps never read a missing one. */
function setOutputs(result: Report['result'], isVendor: boolean, failedGates: readonly string[], files: Files): void {
  core.setOutput('result', result);
  core.setOutput('is-vendor', String(isVendor));
  core.setOutput('failed-gates', failedGates.join(','));
  core.setOutput('report', files.report);
  core.setOutput('sarif', files.sarif);
}

/** The run stopped before it had a report to publish (bad inputs, an unsupported event, an API failure with no head to mark). */
export function failRun(error: unknown): void {
  if (!(error instanceof UserError) && error instanceof Error && error.stack) core.debug(error.stack);
  setOutputs('error', false, [], NO_FILES);
  core.setFailed(`vendor-gate: ${errorMessage(error)}`);
}

/** The comment, ending with its history record: the previous record (of our own comment) plus this evaluation. */
function commentWithHistory(report: Report, options: MarkdownOptions, previous: string | undefined, entry: HistoryEntry): string {
  const parsed = previous === undefined ? { kind: 'none' as const } : parseHistory(previous);
  // A damaged record starts a new one: the audit then sees fewer evaluations, never a crash or a guess.
  if (parsed.kind === 'invalid') core.debug(`The history record of the vendor-gate comment was ignored: ${parsed.reason}.`);
  const block = historyBlock(appendEntry(parsed.kind === 'record' ? parsed.record : EMPTY_HISTORY, entry));
  return `${renderMarkdown(report, options, COMMENT_LIMIT - block.length - 1)}${block}\n`;
}

/** Every output of the action: commit status, sticky comment, job summary, annotations, step outputs and report files. */
export class GitHubPublisher implements Publisher {
  constructor(
    private readonly client: Client,
    private readonly context: RunContext,
    private readonly inputs: Inputs,
    private readonly env: NodeJS.ProcessEnv,
    private readonly whoAmI: () => Promise<string>,
  ) {}

  mask(values: Iterable<string>): void {
    for (const value of values) for (const piece of maskPieces(value)) core.setSecret(piece);
  }

  /** Nothing to decide (an event that changes nothing, a stale run): only the outputs say so. */
  nothing(reason: string): void {
    core.info(`Nothing to check: ${reason}.`);
    this.outputs('skip', false, [], NO_FILES);
  }


  /** A merge group: each of its pull requests was checked before it joined the queue. */
  async mergeQueue(headSha: string): Promise<void> {
    await this.status(headSha, 'success', 'Checked on each pull request before it joined the merge queue');
    this.outputs('skip', false, [], NO_FILES);
  }

  async publish(report: Report): Promise<void> {
    const { context, inputs } = this;
    const error = report.result === 'error' ? report.reason : undefined;
    const entry = historyEntry(report, context.eventName, new Date());
    this.outputs(report.result, report.isVendor, report.failedGates, this.writeFiles(report, entry));
    for (const a of annotations(report)) {
      const properties = { title: a.title, ...(a.file !== undefined ? { file: a.file } : {}), ...(a.line !== undefined ? { startLine: a.line } : {}) };
      if (a.level === 'error') core.error(a.message, properties);
      else core.warning(a.message, properties);
    }
    const markdownOptions = { ...(context.runUrl ? { runUrl: context.runUrl } : {}), ...(error ? { error } : {}) };
    await core.summary.addRaw(renderSummary(report, markdownOptions)).write();

    const status = statusFor(report, error);
    // Also after the API budget ran out: the verdict, above all an error, must reach the head commit.
    this.client.budget.grantLastRequest();
    await this.status(report.pullRequest.headSha, status.state, status.description);

    const number = report.pullRequest.number;
    if (inputs.comment && number !== undefined) {
      const { repository } = context;
      // Only vendor PRs get a new comment; an older one is still kept current (the author may have stopped being a vendor).
      const create = report.result === 'pass' || report.result === 'fail';
      const action = await needsPermission('write the pull request comment', 'pull-requests: write', `pull request #${number} in ${repository.owner}/${repository.repo}`, () =>
        upsertComment(this.client, repository, number, (previous) => commentWithHistory(report, markdownOptions, previous, entry), this.whoAmI, { create }),
      );
      core.info(`Pull request comment: ${action}.`);
    }
    if (error) core.error(error);
    if (blocks(report)) core.setFailed(`vendor-gate: ${status.description}`);
  }

  private async status(sha: string, state: ReturnType<typeof statusFor>['state'], description: string): Promise<void> {
    const { repository, runUrl } = this.context;
    await needsPermission('set the commit status', 'statuses: write', `commit ${sha.slice(0, 12)} in ${repository.owner}/${repository.repo}`, () =>
      createCommitStatus(this.client, repository, { sha, state, context: this.inputs.statusContext, description, ...(runUrl ? { targetUrl: runUrl } : {}) }),
    );
    core.info(`Commit status ${this.inputs.statusContext} on ${sha}: ${state}, "${description}"`);
  }

  private outputs(result: Report['result'], isVendor: boolean, failedGates: readonly string[], files: Files): void {
    setOutputs(result, isVendor, failedGates, files);
  }

  /** The JSON report and the SARIF log (empty of results when nothing was found, so an upload step never misses it). */
  private writeFiles(report: Report, entry: HistoryEntry): Files {
    const folder = join(this.env.RUNNER_TEMP ?? tmpdir(), 'vendor-gate');
    mkdirSync(folder, { recursive: true });
    const name = String(report.pullRequest.number ?? 'local');
    const files = { report: join(folder, `report-${name}.json`), sarif: join(folder, `secrets-${name}.sarif`) };
    writeFileSync(files.report, renderJson(report, entry));
    writeFileSync(files.sarif, renderSarif(sarifFindings(report)));
    return files;
  }
}
