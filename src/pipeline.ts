import { labeledEvent, type RunContext, type Target } from './context.js';
import { loadCoverage } from './coverage/source.js';
import { errorMessage, HeadMovedError, UserError } from './errors.js';
import { pullRequestsSharingHead, readIdentity, readPullRequest, withOmittedContents } from './facts/github.js';
import type { WaiverRecord } from './facts/types.js';
import { downloadRunArtifact, findArtifactRun } from './github/artifacts.js';
import type { Client } from './github/client.js';
import { ownCommentBody } from './github/comments.js';
import { readCentralPolicy } from './github/central.js';
import { readFileAt } from './github/contents.js';
import { getPullRequest, type PullRequestData } from './github/pulls.js';
import { listRepositoryFiles } from './github/tree.js';
import type { Inputs } from './inputs.js';
import type { Logger } from './logger.js';
import type { Report } from './model.js';
import { makePlan } from './plan.js';
import { resolvePolicy } from './policy/resolve.js';
import type { PolicySource } from './policy/types.js';
import { pathSecretValues } from './secrets/hostile.js';
import { scrubText } from './secrets/redact.js';
import { scanText } from './secrets/scanner.js';
import { emailsDecide, identityTeams } from './vendor.js';
import { errorReport, evaluatePlan, notVendorReport } from './verdict.js';
import { parseWaiverRecord } from './waiver.js';

/** What the GitHub pipeline works with; `mask` registers secrets before anything prints them. */
export interface PipelineDeps {
  client: Client;
  context: RunContext;
  inputs: Inputs;
  workspace: string;
  whoAmI: () => Promise<string>;
  mask: (values: Iterable<string>) => void;
  logger: Logger;
  /** Reads central policies (config-token); the main client when that input is empty. */
  centralClient?: Client;
}

export type PullRequestTarget = Omit<Extract<Target, { kind: 'pull-request' }>, 'kind'>;

export type Decision = { kind: 'report'; report: Report } | { kind: 'stale'; reason: string };

/** How often a moving head is read again before the run gives up with `error`. */
const MAX_ATTEMPTS = 3;

/**
 * Evaluates the PR at one head commit, read again at the end: a push during the run means the facts
 * may mix two commits, so the run starts over, and after MAX_ATTEMPTS reports `error` on the latest head.
 */
export async function decidePullRequest(deps: PipelineDeps, target: PullRequestTarget): Promise<Decision> {
  const { client, context, inputs, logger } = deps;
  const { number, runHeadSha } = target;
  let pr = await getPullRequest(client, context.repository, number);
  for (let attempt = 1; ; attempt++) {
    if (runHeadSha !== undefined && pr.head.sha !== runHeadSha) {
      return {
        kind: 'stale',
        reason: `this workflow run was for the commit ${runHeadSha.slice(0, 7)}, but the head of pull request #${number} is now ${pr.head.sha.slice(0, 7)}; the run for that commit decides`,
      };
    }
    const { report, moved } = await checkPullRequest(deps, pr, target.workflowRunId);
    // An error decides nothing, so it is safe on any head, and reading again may be what failed.
    if (report.result === 'error' && !moved) return { kind: 'report', report };
    const latest = await getPullRequest(client, context.repository, number);
    if (!moved && latest.head.sha === pr.head.sha) return { kind: 'report', report: await refuseSharedHead(client, context, report) };
    logger.info(`The head of pull request #${number} moved from ${pr.head.sha.slice(0, 7)} to ${latest.head.sha.slice(0, 7)} while vendor-gate read it.`);
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
  const others = await pullRequestsSharingHead(client, context.repository, headSha, number ?? 0);
  const [first] = others;
  if (!first) return report;
  const names = others.map((p) => `#${p.number} (into ${p.baseRef})`).join(', ');
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
async function waiverRecordFor(deps: PipelineDeps, label: string, pr: PullRequestData): Promise<WaiverRecord | undefined> {
  const same = (name: string) => name.toLowerCase() === label.toLowerCase();
  if (!pr.labels.some((l) => same(l.name))) return undefined;
  const event = labeledEvent(deps.context);
  if (event && same(event.label)) return { sha: event.sha, by: event.by };
  const body = await ownCommentBody(deps.client, deps.context.repository, pr.number, deps.whoAmI);
  return body === undefined ? undefined : parseWaiverRecord(body);
}

/**
 * One evaluation at the head `pr` names; `moved` when a list already showed a newer head. A PR whose
 * author is no vendor is decided from the identity facts alone; only a vendor PR has everything read.
 */
async function checkPullRequest(deps: PipelineDeps, pr: PullRequestData, workflowRunId: number | undefined): Promise<{ report: Report; moved: boolean }> {
  const { client, context, inputs, mask, logger } = deps;
  const { repository } = context;
  // The title is in the report of every path, also when the run stops before the gates.
  const titleSecrets = scanText(pr.title).map((m) => m.value);
  mask(titleSecrets);
  const summary = {
    number: pr.number,
    url: pr.html_url,
    title: scrubText(pr.title, titleSecrets),
    author: pr.user.login,
    headSha: pr.head.sha,
    baseSha: pr.base.sha,
    baseRef: pr.base.ref,
  };
  let source: PolicySource = { path: inputs.config, builtIn: inputs.config === '', sha: pr.base.sha };
  try {
    const central = deps.centralClient ?? client;
    const resolved = await resolvePolicy(
      inputs.config,
      (path) => readFileAt(client, repository, path, pr.base.sha),
      { description: `the base branch ${pr.base.ref} at ${pr.base.sha.slice(0, 12)}`, sha: pr.base.sha },
      {
        read: (file) => readCentralPolicy(central, file),
        ...(inputs.orgConfig ? { floor: inputs.orgConfig } : {}),
        self: { ...repository, path: inputs.config, ref: pr.base.sha },
      },
    );
    source = resolved.source;
    const { policy } = resolved;
    const identity = await readIdentity(client, repository, pr, { teams: identityTeams(policy), commits: emailsDecide(policy) });
    const plan = makePlan(policy, identity);
    if (!plan.vendor.isVendor) return { report: notVendorReport(summary, plan, source, inputs.mode), moved: false };
    const listed = await readPullRequest(client, repository, pr, identity, plan.needs);
    // A file name can hold a secret, and the reads below put names into request URLs that may be logged.
    mask(pathSecretValues(listed.files.flatMap((f) => [f.path, f.previousPath])));
    const [withContents, waiverRecord] = await Promise.all([withOmittedContents(client, repository, listed), waiverRecordFor(deps, policy.waiver.label, pr)]);
    const facts = waiverRecord ? { ...withContents, waiverRecord } : withContents;
    // Reports are read or downloaded only when the coverage gate will look at them.
    const coverage = plan.coverage
      ? await loadCoverage(
          {
            coverage: inputs.coverage,
            coverageArtifact: inputs.coverageArtifact,
            workspace: deps.workspace,
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
    const { report, secrets } = evaluatePlan(facts, plan, source, { mode: inputs.mode, now: new Date(), titleSecrets, ...(coverage ? { coverage } : {}) });
    mask(secrets);
    return { report, moved: false };
  } catch (error) {
    const moved = error instanceof HeadMovedError;
    if (!(error instanceof UserError) && !moved && error instanceof Error && error.stack) logger.debug(error.stack);
    return { report: errorReport(summary, source, inputs.mode, errorMessage(error)), moved };
  }
}
