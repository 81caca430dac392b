// Source hosting, CI, package registries and developer tooling.
import { END, hexKey, named, prefixed, randomBody, SECRET_WORDS as S, UUID, type Rule } from '../kit.js';

/** `user:password` in base64, the shape of npm's legacy `_auth`. */
function basicAuthPair(value: string): boolean {
  const text = Buffer.from(value, 'base64').toString('utf8');
  return /^[\x21-\x7e]+:[\x21-\x7e]{6,}$/.test(text) && randomBody(value);
}

export const DEV_RULES: readonly Rule[] = [
  named('github-oauth-client-secret', 'GitHub OAuth app client secret', ['github'], ['client_secret', 'clientsecret', 'client-secret', 'clientSecret'], '[0-9a-f]{40}', { validate: hexKey, keyOnWords: true }),
  prefixed('gitlab-agent-token', 'GitLab agent for Kubernetes token', ['glagent-'], '[A-Za-z0-9_-]{50}'),
  prefixed('gitlab-feature-flag-token', 'GitLab feature flags client token', ['glffct-'], '[A-Za-z0-9_-]{20}'),
  {
    id: 'gitlab-session-cookie',
    title: 'GitLab session cookie',
    severity: 'high',
    keywords: ['_gitlab_session='],
    pattern: /_gitlab_session=([0-9a-z]{32})(?![0-9a-z])/g,
    validate: randomBody,
    confidence: 'high',
  },
  prefixed('bitbucket-app-password', 'Bitbucket app password', ['ATBB'], '[A-Za-z0-9]{32}'),
  prefixed('atlassian-api-token', 'Atlassian API token (Jira, Confluence)', ['ATATT3'], '[A-Za-z0-9_=-]{180,}'),
  named('atlassian-legacy-token', 'Atlassian legacy API token', ['atlassian', 'jira', 'confluence'], S, '[A-Za-z0-9]{24}'),
  prefixed('rubygems-api-key', 'RubyGems API key', ['rubygems_'], '[0-9a-f]{48}'),
  prefixed('nuget-api-key', 'NuGet API key', ['oy2'], '[a-z0-9]{43}'),
  {
    id: 'npm-legacy-token',
    title: 'npm legacy auth token in .npmrc',
    severity: 'high',
    keywords: ['_authToken='],
    pattern: new RegExp(String.raw`_authToken=(${UUID})(?![0-9a-f-])`, 'g'),
    validate: randomBody,
    confidence: 'high',
  },
  {
    id: 'npmrc-auth',
    title: 'npm basic auth (_auth) in .npmrc',
    severity: 'high',
    keywords: ['_auth'],
    pattern: /(?:^|[\s'":])_auth\s*=\s*['"]?([A-Za-z0-9+/]{12,}={0,2})(?![A-Za-z0-9+/=])/g,
    validate: basicAuthPair,
    confidence: 'high',
  },
  prefixed('crates-io-token', 'crates.io API token', ['cio'], '[A-Za-z0-9]{32}'),
  prefixed('clojars-token', 'Clojars deploy token', ['CLOJARS_'], '[a-z0-9]{60}'),
  prefixed('jfrog-api-key', 'JFrog Artifactory API key', ['AKCp'], '[A-Za-z0-9]{69}'),
  prefixed('jfrog-reference-token', 'JFrog reference token', ['cmVmdGtuOjAxOj'], '[A-Za-z0-9]{50}'),
  prefixed('sonarqube-token', 'SonarQube token', ['sqp_', 'squ_', 'sqa_'], '[a-f0-9]{40}'),
  prefixed('sourcegraph-token', 'Sourcegraph access token', ['sgp_'], '(?:[a-f0-9]{16}_)?[a-f0-9]{40}'),
  prefixed('buildkite-token', 'Buildkite API access token', ['bkua_'], '[a-f0-9]{40}'),
  prefixed('circleci-token', 'CircleCI personal or project API token', ['CCIPAT_', 'CCIPRJ_'], '[A-Za-z0-9]{22}_[a-f0-9]{40}'),
  named('travis-ci-token', 'Travis CI API token', ['travis'], S, '[A-Za-z0-9_-]{22}'),
  named('codecov-token', 'Codecov upload token', ['codecov'], S, UUID),
  named('snyk-token', 'Snyk API token', ['snyk'], S, UUID),
  prefixed('harness-pat', 'Harness personal or service account token', ['pat.', 'sat.'], '[A-Za-z0-9_-]{22}\\.[0-9a-f]{24}\\.[A-Za-z0-9]{20}'),
  prefixed('octopus-deploy-api-key', 'Octopus Deploy API key', ['API-'], '[A-Z0-9]{26}'),
  prefixed('prefect-api-key', 'Prefect API key', ['pnu_'], '[A-Za-z0-9]{36}'),
  prefixed('readme-api-key', 'ReadMe API key', ['rdme_'], '[a-z0-9]{70}'),
  prefixed('infracost-api-key', 'Infracost API key', ['ico-'], '[A-Za-z0-9]{32}'),
  prefixed('scalingo-token', 'Scalingo API token', ['tk-us-'], '[A-Za-z0-9_-]{48}'),
  named('launchdarkly-key', 'LaunchDarkly SDK or API key', ['launchdarkly', 'launch_darkly'], [...S, 'sdk'], `(?:api|sdk|mob)-${UUID}`),
  {
    id: 'sidekiq-credentials',
    title: 'Sidekiq Pro/Enterprise credentials',
    severity: 'high',
    keywords: ['CONTRIBSYS__COM'],
    pattern: new RegExp(String.raw`BUNDLE_(?:ENTERPRISE|GEMS)__CONTRIBSYS__COM['"]?\s*[:=]\s*['"]?([0-9a-f]{8}:[0-9a-f]{8})${END}`, 'g'),
    validate: (v) => hexKey(v.replace(':', '')),
    confidence: 'high',
  },
  named('gitter-token', 'Gitter access token', ['gitter'], S, '[a-z0-9_-]{40}'),
  prefixed('postman-api-key', 'Postman API key', ['PMAK-'], '[a-f0-9]{24}-[a-f0-9]{34}'),
  prefixed('posthog-personal-key', 'PostHog personal API key', ['phx_'], '[A-Za-z0-9_]{43}'),
];
