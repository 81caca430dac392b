import { UserError } from './errors.js';
import type { Mode } from './model.js';
import { splitPatterns } from './coverage/load.js';
import type { PolicyRef } from './policy/extends.js';

export interface Inputs {
  token: string;
  /** Empty: the built-in default policy. */
  config: string;
  mode: Mode;
  statusContext: string;
  comment: boolean;
  pullRequest?: number;
  /** Paths or globs of coverage reports in the workspace, or of entries in the artifact; empty: none. */
  coverage: string;
  /** Name of the artifact of the triggering workflow run that holds the coverage reports; empty: none. */
  coverageArtifact: string;
  /** Seconds the run may wait on the GitHub API in all, retries and rate-limit waits included. */
  apiTimeoutSeconds: number;
  /** The organisation's central policy (org-config-repo, org-config, org-config-ref): a floor under the repository's. */
  orgConfig?: PolicyRef;
  /** Token that reads central policies; empty: the github-token. */
  configToken: string;
}

/** Where an organisation keeps its central policy unless the input org-config says otherwise. */
export const DEFAULT_ORG_CONFIG = '.github/vendor-gate.yml';

/** The default of the input api-timeout, in seconds: well below the 10 minutes the README's workflows allow a job. */
export const DEFAULT_API_TIMEOUT_S = 300;

/** Every input the action reads; a test checks that action.yml declares exactly these. */
export const INPUT_NAMES = ['github-token', 'config', 'mode', 'status-context', 'comment', 'pull-request', 'coverage', 'coverage-artifact', 'api-timeout', 'org-config-repo', 'org-config', 'org-config-ref', 'config-token'] as const;
export type InputName = (typeof INPUT_NAMES)[number];

function oneOf<T extends string>(name: InputName, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UserError(`The input ${name} is ${JSON.stringify(value)}; expected one of: ${allowed.join(', ')}.`);
}

/** Reads and validates all inputs once; `get` is core.getInput in the action. */
export function readInputs(get: (name: InputName) => string): Inputs {
  const token = get('github-token').trim();
  if (token === '') throw new UserError('The input github-token is empty. Leave it at its default, ${{ github.token }}, or pass a token.');
  const config = get('config').trim().replace(/^\.\//, '');
  if (config.startsWith('/') || config.split('/').includes('..')) {
    throw new UserError(`The input config is ${JSON.stringify(config)}; expected a path inside the repository, such as .github/vendor-gate.yml.`);
  }
  const mode = oneOf('mode', get('mode').trim() || 'enforce', ['enforce', 'report'] as const);
  const statusContext = get('status-context').trim() || 'vendor-gate';
  const comment = oneOf('comment', get('comment').trim().toLowerCase() || 'true', ['true', 'false'] as const) === 'true';
  const rawNumber = get('pull-request').trim();
  let pullRequest: number | undefined;
  if (rawNumber !== '') {
    pullRequest = Number(rawNumber.replace(/^#/, ''));
    if (!Number.isSafeInteger(pullRequest) || pullRequest <= 0) {
      throw new UserError(`The input pull-request is ${JSON.stringify(rawNumber)}; expected a pull request number such as 42.`);
    }
  }
  const coverage = get('coverage').trim();
  for (const pattern of splitPatterns(coverage)) {
    if (pattern.startsWith('/') || pattern.split('/').includes('..')) {
      throw new UserError(`The input coverage names ${JSON.stringify(pattern)}; expected a path or glob inside the workspace, such as coverage/lcov.info.`);
    }
  }
  const coverageArtifact = get('coverage-artifact').trim();
  const rawTimeout = get('api-timeout').trim();
  const apiTimeoutSeconds = rawTimeout === '' ? DEFAULT_API_TIMEOUT_S : Number(rawTimeout);
  // Up to GitHub's own 6-hour job limit; one second at least, so that one request can be made.
  if (!Number.isInteger(apiTimeoutSeconds) || apiTimeoutSeconds < 1 || apiTimeoutSeconds > 21_600) {
    throw new UserError(`The input api-timeout is ${JSON.stringify(rawTimeout)}; expected whole seconds from 1 to 21600, such as ${DEFAULT_API_TIMEOUT_S}.`);
  }
  const orgRepo = get('org-config-repo').trim();
  const orgMatch = /^([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)\/([A-Za-z0-9._-]+)$/.exec(orgRepo);
  if (orgRepo !== '' && !orgMatch) throw new UserError(`The input org-config-repo is ${JSON.stringify(orgRepo)}; expected a repository as owner/repo, such as acme/policies.`);
  const orgPath = get('org-config').trim().replace(/^\.\//, '') || DEFAULT_ORG_CONFIG;
  if (orgPath.startsWith('/') || orgPath.split('/').includes('..')) {
    throw new UserError(`The input org-config is ${JSON.stringify(orgPath)}; expected a path inside the central repository, such as ${DEFAULT_ORG_CONFIG}.`);
  }
  const orgConfig = orgMatch ? { owner: orgMatch[1] ?? '', repo: orgMatch[2] ?? '', path: orgPath, ref: get('org-config-ref').trim() } : undefined;
  const configToken = get('config-token').trim();
  return { token, config, mode, statusContext, comment, ...(pullRequest !== undefined ? { pullRequest } : {}), coverage, coverageArtifact, apiTimeoutSeconds, ...(orgConfig ? { orgConfig } : {}), configToken };
}
