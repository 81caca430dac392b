// Token formats as their providers document them, written apart from src/secrets/rules.ts: the benchmark
// plants tokens made from this table, so it measures the rules against the formats, not against themselves.
// Each entry: provider, family, how the token is built (prefix, length, alphabet, checksum), and how the
// provider's documentation shows it in a file. Where a provider documents only part of a format, the
// comment says which part was observed in issued tokens instead.
import { withCrc } from '../src/secrets/checksum.js';

export type Random = () => number;

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
export const ALPHABETS = {
  base62: UPPER + LOWER + DIGITS,
  base64: `${UPPER}${LOWER}${DIGITS}+/`,
  base64url: `${UPPER}${LOWER}${DIGITS}_-`,
  hex: '0123456789abcdef',
  base32: `${UPPER}234567`,
  upperAlnum: UPPER + DIGITS,
  letters: UPPER + LOWER,
  digits: DIGITS,
} as const;

export interface TokenFormat {
  provider: string;
  family: string;
  make: (r: Random) => string;
  /** The token as it appears in a file: an assignment the provider's documentation shows, or a neutral one. */
  line: (token: string, r: Random) => string;
}

export const chars = (r: Random, alphabet: string, n: number): string => {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet.charAt(Math.floor(r() * alphabet.length));
  return out;
};
const pick = <T>(r: Random, items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;
const digitsBetween = (r: Random, min: number, max: number): string => chars(r, DIGITS, min + Math.floor(r() * (max - min + 1))).replace(/^0/, '1');
const uuid = (r: Random): string => [8, 4, 4, 4, 12].map((n) => chars(r, ALPHABETS.hex, n)).join('-');
const b64json = (o: object, url = true): string => Buffer.from(JSON.stringify(o)).toString(url ? 'base64url' : 'base64').replace(/=+$/, '');

/** A name that says nothing about secrets, so that only the token's own format can make it found. */
const neutral = (token: string, r: Random): string =>
  pick(r, [`VALUE=${token}`, `  "value": "${token}",`, `const value = '${token}';`, `  value: ${token}`, token]);
const assign = (name: string) => (token: string): string => `${name}=${token}`;

export const TOKEN_FORMATS: readonly TokenFormat[] = [
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids (AKIA long-term, ASIA temporary; 20 characters, base32 upper)
  { provider: 'AWS access key ID', family: 'AWS', make: (r) => `${pick(r, ['AKIA', 'ASIA'])}${chars(r, ALPHABETS.base32, 16)}`, line: neutral },
  // https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html (40 characters, in ~/.aws/credentials)
  { provider: 'AWS secret access key', family: 'AWS', make: (r) => chars(r, ALPHABETS.base64, 40), line: (t) => `aws_secret_access_key = ${t}` },
  // https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/ (prefix, 30 base62, 6-character base62 CRC32)
  { provider: 'GitHub token (classic, OAuth, app)', family: 'GitHub', make: (r) => withCrc(pick(r, ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_']), chars(r, ALPHABETS.base62, 30)), line: neutral },
  // https://github.blog/security/application-security/introducing-fine-grained-personal-access-tokens-for-github/ (github_pat_ prefix; 22 + _ + 59 observed)
  { provider: 'GitHub fine-grained PAT', family: 'GitHub', make: (r) => `github_pat_${chars(r, ALPHABETS.base62, 22)}_${chars(r, ALPHABETS.base62, 59)}`, line: neutral },
  // https://docs.gitlab.com/security/tokens/ (glpat- personal, glrt- runner, gldt- deploy; 20 characters)
  { provider: 'GitLab token', family: 'GitLab', make: (r) => `${pick(r, ['glpat-', 'glrt-', 'gldt-'])}${chars(r, ALPHABETS.base64url, 20)}`, line: neutral },
  // https://github.blog/changelog/2021-09-23-npm-has-a-new-access-token-format/ (npm_, 30 base62, 6-character CRC32)
  { provider: 'npm access token', family: 'npm', make: (r) => withCrc('npm_', chars(r, ALPHABETS.base62, 30)), line: (t) => `//registry.npmjs.org/:_authToken=${t}` },
  // https://pypi.org/help/#apitoken (pypi- then a macaroon whose base64 starts with the issuer pypi.org)
  { provider: 'PyPI API token', family: 'PyPI', make: (r) => `pypi-AgEIcHlwaS5vcmc${chars(r, ALPHABETS.base64url, 120)}`, line: (t) => `password = ${t}` },
  // https://docs.docker.com/security/for-developers/access-tokens/ (dckr_pat_ prefix)
  { provider: 'Docker Hub PAT', family: 'Docker', make: (r) => `dckr_pat_${chars(r, ALPHABETS.base64url, 27)}`, line: neutral },
  // https://api.slack.com/concepts/token-types (xoxb-<team id>-<bot id>-<secret>)
  { provider: 'Slack bot token', family: 'Slack', make: (r) => `xoxb-${digitsBetween(r, 10, 13)}-${digitsBetween(r, 10, 13)}-${chars(r, ALPHABETS.base62, 24)}`, line: neutral },
  // https://api.slack.com/concepts/token-types (xoxp-<team>-<user>-<id>-<32 hex>)
  { provider: 'Slack user token', family: 'Slack', make: (r) => `xoxp-${digitsBetween(r, 10, 13)}-${digitsBetween(r, 10, 13)}-${digitsBetween(r, 10, 13)}-${chars(r, ALPHABETS.hex, 32)}`, line: neutral },
  // https://api.slack.com/messaging/webhooks (https://hooks.slack.com/services/T…/B…/<24>)
  { provider: 'Slack incoming webhook', family: 'Slack', make: (r) => `https://hooks.slack.com/services/T${chars(r, ALPHABETS.upperAlnum, 10)}/B${chars(r, ALPHABETS.upperAlnum, 10)}/${chars(r, ALPHABETS.base62, 24)}`, line: neutral },
  // https://docs.stripe.com/keys (sk_live_ secret, rk_live_ restricted; issued keys are about 100 characters)
  { provider: 'Stripe secret or restricted key', family: 'Stripe', make: (r) => `${pick(r, ['sk_live_', 'rk_live_'])}51${chars(r, ALPHABETS.base62, 97)}`, line: neutral },
  // https://docs.stripe.com/webhooks#verify-events (whsec_ signing secret)
  { provider: 'Stripe webhook secret', family: 'Stripe', make: (r) => `whsec_${chars(r, ALPHABETS.base62, 32)}`, line: neutral },
  // https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys (SG.<22>.<43>)
  { provider: 'SendGrid API key', family: 'Twilio', make: (r) => `SG.${chars(r, ALPHABETS.base64url, 22)}.${chars(r, ALPHABETS.base64url, 43)}`, line: neutral },
  // https://www.twilio.com/docs/iam/api-keys (SK + 32 hex SID)
  { provider: 'Twilio API key SID', family: 'Twilio', make: (r) => `SK${chars(r, ALPHABETS.hex, 32)}`, line: neutral },
  // https://www.twilio.com/docs/iam/credentials/api (32 hex auth token, TWILIO_AUTH_TOKEN in the quickstarts)
  { provider: 'Twilio auth token', family: 'Twilio', make: (r) => chars(r, ALPHABETS.hex, 32), line: assign('TWILIO_AUTH_TOKEN') },
  // https://platform.openai.com/docs/api-reference/authentication (sk- / sk-proj- prefix; the T3BlbkFJ marker in the middle is observed, not documented)
  { provider: 'OpenAI API key', family: 'OpenAI', make: (r) => `sk-proj-${chars(r, ALPHABETS.base64url, 74)}T3BlbkFJ${chars(r, ALPHABETS.base64url, 74)}`, line: neutral },
  // https://docs.anthropic.com/en/api/overview (sk-ant-api03- prefix; 93 + AA observed)
  { provider: 'Anthropic API key', family: 'Anthropic', make: (r) => `sk-ant-api03-${chars(r, ALPHABETS.base64url, 93)}AA`, line: neutral },
  // https://huggingface.co/docs/hub/security-tokens (hf_ prefix; 34 letters observed)
  { provider: 'Hugging Face token', family: 'Hugging Face', make: (r) => `hf_${chars(r, ALPHABETS.letters, 34)}`, line: neutral },
  // https://cloud.google.com/docs/authentication/api-keys (AIza + 35, 39 characters)
  { provider: 'Google API key', family: 'Google', make: (r) => `AIza${chars(r, ALPHABETS.base64url, 35)}`, line: neutral },
  // https://developers.google.com/identity/protocols/oauth2 (client secrets since 2021 start GOCSPX-)
  { provider: 'Google OAuth client secret', family: 'Google', make: (r) => `GOCSPX-${chars(r, ALPHABETS.base64url, 28)}`, line: neutral },
  // https://learn.microsoft.com/en-us/azure/storage/common/storage-configure-connection-string (88-character base64 account key)
  { provider: 'Azure storage account key', family: 'Azure', make: (r) => `${chars(r, ALPHABETS.base64, 86)}==`, line: (t, r) => `DefaultEndpointsProtocol=https;AccountName=acct${chars(r, LOWER, 6)};AccountKey=${t};EndpointSuffix=core.windows.net` },
  // https://learn.microsoft.com/en-us/entra/identity-platform/quickstart-register-app (client secret value; the Q~ after 3 characters is observed)
  { provider: 'Azure Entra client secret', family: 'Azure', make: (r) => `${chars(r, ALPHABETS.base62, 3)}8Q~${chars(r, `${ALPHABETS.base62}_~.-`, 34)}`, line: neutral },
  // https://learn.microsoft.com/en-us/azure/storage/common/storage-sas-overview (a SAS token's sig= is a base64 HMAC, URL-encoded)
  { provider: 'Azure SAS token', family: 'Azure', make: (r) => `sv=2022-11-02&ss=b&srt=co&sp=rl&se=2027-01-01T00:00:00Z&sig=${encodeURIComponent(`${chars(r, ALPHABETS.base64, 43)}=`)}`, line: (t, r) => `https://acct${chars(r, LOWER, 5)}.blob.core.windows.net/c?${t}` },
  // https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/generate-app-access-tokens-admin (shpat_ + 32 hex)
  { provider: 'Shopify access token', family: 'Shopify', make: (r) => `${pick(r, ['shpat_', 'shpss_'])}${chars(r, ALPHABETS.hex, 32)}`, line: neutral },
  // https://developer.squareup.com/docs/build-basics/access-tokens (EAAA + 60 production access token)
  { provider: 'Square access token', family: 'Square', make: (r) => `EAAA${chars(r, ALPHABETS.base64url, 60)}`, line: neutral },
  // https://docs.datadoghq.com/account_management/api-app-keys/ (32 hex API key, DD_API_KEY)
  { provider: 'Datadog API key', family: 'Datadog', make: (r) => chars(r, ALPHABETS.hex, 32), line: assign('DD_API_KEY') },
  // https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/ (NRAK- user key)
  { provider: 'New Relic user key', family: 'New Relic', make: (r) => `NRAK-${chars(r, ALPHABETS.upperAlnum, 27)}`, line: neutral },
  // https://docs.sentry.io/concepts/key-terms/dsn-explainer/ (https://<public key>@o<org>.ingest.sentry.io/<project>)
  { provider: 'Sentry DSN', family: 'Sentry', make: (r) => `https://${chars(r, ALPHABETS.hex, 32)}@o${digitsBetween(r, 5, 7)}.ingest.sentry.io/${digitsBetween(r, 6, 8)}`, line: neutral },
  // https://docs.sentry.io/account/auth-tokens/ (sntrys_ organization tokens; the base64 JSON payload and 43-character secret are observed)
  { provider: 'Sentry org auth token', family: 'Sentry', make: (r) => `sntrys_${b64json({ iat: 1.7e9, url: 'https://sentry.io', region_url: 'https://us.sentry.io', org: chars(r, LOWER, 6) }, false)}_${chars(r, ALPHABETS.base64url, 43)}`, line: neutral },
  // https://devcenter.heroku.com/articles/authentication (the API key is a UUID, HEROKU_API_KEY)
  { provider: 'Heroku API key', family: 'Heroku', make: uuid, line: assign('HEROKU_API_KEY') },
  // https://documentation.mailgun.com/docs/mailgun/api-reference/authentication (legacy key- + 32 hex)
  { provider: 'Mailgun API key', family: 'Mailgun', make: (r) => `key-${chars(r, ALPHABETS.hex, 32)}`, line: neutral },
  // https://datatracker.ietf.org/doc/html/rfc7519 (base64url JSON header and payload, then a signature)
  { provider: 'JWT', family: 'JWT', make: (r) => `${b64json({ alg: 'HS256', typ: 'JWT' })}.${b64json({ sub: chars(r, ALPHABETS.base62, 10), iat: 1700000000 })}.${chars(r, ALPHABETS.base64url, 43)}`, line: (t) => `Authorization: Bearer ${t}` },
  // https://kubernetes.io/docs/concepts/configuration/secret/ (data: values are base64 of the secret)
  { provider: 'JWT, base64 in a Kubernetes Secret', family: 'Encoded', make: (r) => Buffer.from(`${b64json({ alg: 'RS256', typ: 'JWT' })}.${b64json({ sub: chars(r, ALPHABETS.base62, 10) })}.${chars(r, ALPHABETS.base64url, 43)}`).toString('base64'), line: (t) => `  token: ${t}` },
  // https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING (URI with percent-encoding)
  { provider: 'PostgreSQL URL, URL-encoded', family: 'Encoded', make: (r) => encodeURIComponent(`postgresql://app:${chars(r, ALPHABETS.base62, 16)}@db.internal:5432/app`), line: (t) => `dsn=${t}` },
  // https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING (postgresql://user:password@host)
  { provider: 'PostgreSQL URL', family: 'Connection strings', make: (r) => `postgresql://app:${chars(r, ALPHABETS.base62, 16)}@db.internal:5432/app`, line: neutral },
  // https://www.mongodb.com/docs/manual/reference/connection-string/ (mongodb+srv://user:password@cluster)
  { provider: 'MongoDB URL', family: 'Connection strings', make: (r) => `mongodb+srv://admin:${chars(r, ALPHABETS.base62, 14)}@cluster0.${chars(r, LOWER, 5)}.mongodb.net/prod`, line: neutral },
  // https://developer.hashicorp.com/vault/docs/concepts/tokens#token-prefixes (hvs. service tokens)
  { provider: 'HashiCorp Vault token', family: 'HashiCorp', make: (r) => `hvs.${chars(r, ALPHABETS.base64url, 90)}`, line: neutral },
  // https://docs.digitalocean.com/reference/api/create-personal-access-token/ (dop_v1_ + 64 hex)
  { provider: 'DigitalOcean PAT', family: 'DigitalOcean', make: (r) => `dop_v1_${chars(r, ALPHABETS.hex, 64)}`, line: neutral },
  // https://core.telegram.org/bots/api#authorizing-your-bot (<bot id>:<35 characters>)
  { provider: 'Telegram bot token', family: 'Telegram', make: (r) => `${digitsBetween(r, 9, 10)}:AA${chars(r, ALPHABETS.base64url, 33)}`, line: neutral },
  // https://learning.postman.com/docs/developer/postman-api/authentication/ (PMAK-<24 hex>-<34 hex>)
  { provider: 'Postman API key', family: 'Postman', make: (r) => `PMAK-${chars(r, ALPHABETS.hex, 24)}-${chars(r, ALPHABETS.hex, 34)}`, line: neutral },
  // https://grafana.com/docs/grafana/latest/administration/service-accounts/ (glsa_ service account tokens)
  { provider: 'Grafana service account token', family: 'Grafana', make: (r) => `glsa_${chars(r, ALPHABETS.base62, 32)}_${chars(r, ALPHABETS.hex, 8)}`, line: neutral },
  // https://linear.app/developers/graphql (lin_api_ personal API keys)
  { provider: 'Linear API key', family: 'Linear', make: (r) => `lin_api_${chars(r, ALPHABETS.base62, 40)}`, line: neutral },
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ServiceSpecificCredential.html (a Bedrock API key is ABSK and the base64 of "<service user name>:<password>"; the user name is "<IAM user>-at-<account id>")
  { provider: 'Amazon Bedrock API key', family: 'AWS', make: (r) => `ABSK${Buffer.from(`${pick(r, ['BedrockAPIKey-' + chars(r, ALPHABETS.base62, 4), 'ci-deployer', 'alice'])}-at-${chars(r, DIGITS, 12)}:${chars(r, ALPHABETS.base64, 60)}`).toString('base64')}`, line: assign('AWS_BEARER_TOKEN_BEDROCK') },
  // https://github.com/supabase/cli (personal access tokens: sbp_, sbp_v0_ since 2025, sbp_oauth_ for OAuth apps; 40 hex)
  { provider: 'Supabase access token', family: 'Supabase', make: (r) => `${pick(r, ['sbp_', 'sbp_v0_', 'sbp_oauth_'])}${chars(r, ALPHABETS.hex, 40)}`, line: assign('SUPABASE_ACCESS_TOKEN') },
  // https://fly.io/docs/security/tokens/ (macaroon tokens fm2_…, often several joined by commas, with or without the "FlyV1 " scheme)
  { provider: 'Fly.io token', family: 'Fly.io', make: (r) => `fm2_${chars(r, ALPHABETS.base64, 160)},fm2_${chars(r, ALPHABETS.base64, 100)}`, line: (t, r) => pick(r, [`FLY_API_TOKEN=${t}`, `Authorization: FlyV1 ${t}`]) },
  // https://grafana.com/docs/grafana/latest/administration/api-keys/ (legacy keys: the base64 of {"k":<32 characters>,"n":<name>,"id":<org id>})
  { provider: 'Grafana legacy API key', family: 'Grafana', make: (r) => Buffer.from(JSON.stringify({ k: chars(r, ALPHABETS.base62, 32), n: pick(r, ['ci', 'x', 'deploy-bot']), id: 1 + Math.floor(r() * 40) })).toString('base64'), line: neutral },
  // A generic secret: a documented-looking assignment with a random 32-character value and no provider.
  { provider: 'Generic api_key assignment', family: 'Generic', make: (r) => chars(r, ALPHABETS.base62, 32), line: (t) => `api_key = "${t}"` },
];

/** A PEM private key block (RFC 7468): planted as several lines, so it is kept apart from the one-line formats. */
export function pemBlock(r: Random): string[] {
  const kind = pick(r, ['RSA ', 'EC ', 'OPENSSH ', '']);
  return [`-----BEGIN ${kind}PRIVATE KEY-----`, ...Array.from({ length: 12 }, () => chars(r, ALPHABETS.base64, 64)), `${chars(r, ALPHABETS.base64, 20)}==`, `-----END ${kind}PRIVATE KEY-----`];
}
