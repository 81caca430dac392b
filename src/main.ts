import * as core from '@actions/core';
import { pullRequestFromPayload, readRunContext, resolveTarget } from './context.js';
import { errorMessage, UserError } from './errors.js';
import { openPullRequestOfCommit } from './facts/github.js';
import { createClient, RequestBudget } from './github/client.js';
import { tokenLogin } from './github/identity.js';
import { readInputs } from './inputs.js';
import type { Logger } from './logger.js';
import { decidePullRequest, type Decision, type PipelineDeps, type PullRequestTarget } from './pipeline.js';
import { failRun, GitHubPublisher } from './publish/github.js';
import { errorReport } from './verdict.js';

const logger: Logger = {
  info: (m) => { core.info(m); },
  warning: (m) => { core.warning(m); },
  debug: (m) => { core.debug(m); },
};

/** The action: wires the inputs, the run context, one API client, the pipeline and the publisher. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    const inputs = readInputs((name) => core.getInput(name));
    const context = readRunContext(env);
    const target = resolveTarget(context, inputs);
    const client = createClient({ token: inputs.token, baseUrl: context.apiUrl, logger, budget: new RequestBudget(inputs.apiTimeoutSeconds * 1000) });
    // The token's login costs a request (spaced like a write for an installation token): ask once per run.
    let login: Promise<string> | undefined;
    const whoAmI = (): Promise<string> => (login ??= tokenLogin(client, inputs.token));
    const out = new GitHubPublisher(client, context, inputs, env, whoAmI);
    if (target.kind === 'ignore') { out.nothing(target.reason); return; }
    if (target.kind === 'merge-group') { await out.mergeQueue(target.headSha); return; }
    let pullRequest: PullRequestTarget;
    if (target.kind === 'commit') {
      const number = await openPullRequestOfCommit(client, context.repository, target.headSha);
      if (number === undefined) { out.nothing(`no open pull request has the head commit ${target.headSha}`); return; }
      pullRequest = { number, runHeadSha: target.headSha, ...(target.workflowRunId !== undefined ? { workflowRunId: target.workflowRunId } : {}) };
    } else {
      pullRequest = target;
    }
    // A second token only reads central policies: it never writes, and the main token never needs access to the central repository.
    const centralClient =
      inputs.configToken === '' || inputs.configToken === inputs.token ? client : createClient({ token: inputs.configToken, baseUrl: context.apiUrl, logger, budget: client.budget });
    const deps: PipelineDeps = { client, centralClient, context, inputs, workspace: env.GITHUB_WORKSPACE ?? process.cwd(), whoAmI, mask: (v) => { out.mask(v); }, logger };
    const decision = await decidePullRequest(deps, pullRequest).catch((error: unknown): Decision => {
      // The pull request could not be read: the event still names its head, which then gets the error status.
      const fromEvent = pullRequestFromPayload(context, pullRequest.number);
      if (!fromEvent) throw error;
      if (!(error instanceof UserError) && error instanceof Error && error.stack) core.debug(error.stack);
      return { kind: 'report', report: errorReport(fromEvent, { path: inputs.config, builtIn: inputs.config === '', sha: fromEvent.baseSha }, inputs.mode, errorMessage(error)) };
    });
    if (decision.kind === 'stale') { out.nothing(decision.reason); return; }
    await out.publish(decision.report);
  } catch (error) {
    failRun(error);
  }
}
