// Test secrets are built at run time from a seeded generator and from parts, so that this
// repository never holds a literal live-looking credential (push protection would rightly block it).
import { withCrc } from '../../src/secrets/checksum.js';

export function generator(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const chars = (alphabet: string, n: number): string => Array.from({ length: n }, () => alphabet.charAt(Math.floor(next() * alphabet.length))).join('');
  const LOWER = 'abcdefghijklmnopqrstuvwxyz';
  const UPPER = LOWER.toUpperCase();
  const DIGITS = '0123456789';
  const ALNUM = UPPER + LOWER + DIGITS;
  return {
    chars,
    alnum: (n: number) => chars(ALNUM, n),
    /** Letters and digits, at least one of each case and a digit: random-looking for every rule. */
    mixed: (n: number) => `${chars(UPPER, 1)}${chars(LOWER, 1)}${chars(DIGITS, 1)}${chars(ALNUM, n - 3)}`,
    hex: (n: number) => chars('0123456789abcdef', n),
    b64: (n: number) => chars(`${ALNUM}+/`, n),
    url64: (n: number) => chars(`${ALNUM}_-`, n),
    upper: (n: number) => chars(`${UPPER}234567`, n),
    letters: (n: number) => `${chars(UPPER, 1)}${chars(LOWER, 1)}${chars(UPPER + LOWER, n - 2)}`,
    digits: (n: number) => chars(DIGITS, n),
    uuid: () => `${chars('0123456789abcdef', 8)}-${chars('0123456789abcdef', 4)}-4${chars('0123456789abcdef', 3)}-a${chars('0123456789abcdef', 3)}-${chars('0123456789abcdef', 12)}`,
  };
}

const g = generator(4);

/** A JWT-shaped value with JSON header and payload. */
export function jwt(): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: g.alnum(12), iat: 1700000000 })}.${g.url64(43)}`;
}

export const githubToken = (prefix = 'ghp_'): string => withCrc(prefix, g.alnum(30));
export const npmToken = (): string => withCrc('npm_', g.alnum(30));

/** A private key block: a header, 10 lines of base64 body, a footer. */
export function keyBlock(kind = 'RSA '): string[] {
  return [`-----BEGIN ${kind}PRIVATE KEY-----`, ...Array.from({ length: 10 }, () => g.b64(64)), `-----END ${kind}PRIVATE KEY-----`];
}

export interface Sample {
  rule: string;
  /** Lines that must be found by `rule`. */
  found: string[];
  /** Look-alikes that no rule may report. */
  clean: string[];
}

const breakChecksum = (token: string): string => token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');

export const SAMPLES: Sample[] = [
  { rule: 'aws-access-key-id', found: [`const id = 'AKIA${g.upper(16)}';`, `ASIA${g.upper(16)}`], clean: [`id = '${['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('')}'`, `AKIA${'A'.repeat(16)}`] },
  { rule: 'aws-secret-access-key', found: [`aws_secret_access_key = ${g.b64(40)}`, `"AWS_SECRET_ACCESS_KEY": "${g.b64(40)}"`], clean: [`aws_secret_access_key = ${'x'.repeat(40)}`, 'aws_secret_access_key = ${{ secrets.AWS_SECRET }}'] },
  { rule: 'google-api-key', found: [`key: "AIza${g.url64(35)}"`], clean: [`AIza${'a'.repeat(35)}`, 'AIzaShort'] },
  { rule: 'google-oauth-client-secret', found: [`GOCSPX-${g.url64(28)}`], clean: ['GOCSPX-short'] },
  { rule: 'google-service-account', found: [`  "private_key_id": "${g.hex(40)}",`], clean: ['  "private_key_id": "<id>",'] },
  { rule: 'azure-storage-key', found: [`DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${g.b64(86)}==;EndpointSuffix=core.windows.net`], clean: ['AccountKey=<your-account-key>'] },
  { rule: 'azure-ad-client-secret', found: [`secret: ${g.alnum(3)}8Q~${g.alnum(34)}`], clean: ['see Q~ for details'] },
  { rule: 'github-token', found: [`token = "${githubToken()}"`, githubToken('gho_'), githubToken('ghs_'), githubToken('ghu_'), githubToken('ghr_')], clean: [`"${breakChecksum(githubToken())}"`, 'ghp_short'] },
  { rule: 'github-fine-grained-token', found: [`github_pat_${g.alnum(22)}_${g.alnum(59)}`], clean: ['github_pat_example'] },
  { rule: 'gitlab-token', found: [`GITLAB_TOKEN=glpat-${g.url64(20)}`], clean: [`glpat-${'x'.repeat(20)}`] },
  { rule: 'npm-token', found: [`//registry.npmjs.org/:_authToken=${npmToken()}`], clean: [breakChecksum(npmToken()), 'npm_config_cache'] },
  { rule: 'pypi-token', found: [`pypi-AgEIcHlwaS5vcmc${g.url64(70)}`], clean: ['pypi-AgEIcHlwaS5vcmc'] },
  { rule: 'docker-hub-token', found: [`dckr_pat_${g.url64(27)}`], clean: ['dckr_pat_abc'] },
  { rule: 'slack-token', found: [`"xoxb-${g.digits(12)}-${g.digits(12)}-${g.alnum(24)}"`], clean: ['xoxb-your-token'] },
  { rule: 'slack-webhook', found: [`https://hooks.slack.com/services/T${g.upper(8)}/B${g.upper(10)}/${g.alnum(24)}`], clean: ['https://hooks.slack.com/services/...'] },
  { rule: 'twilio-api-key', found: [`"SK${g.hex(32)}"`], clean: [`SK${'0'.repeat(32)}`] },
  { rule: 'twilio-auth-token', found: [`TWILIO_AUTH_TOKEN=${g.hex(32)}`], clean: [`TWILIO_AUTH_TOKEN=${'a'.repeat(32)}`] },
  { rule: 'sendgrid-api-key', found: [`SG.${g.url64(22)}.${g.url64(43)}`], clean: ['SG.short.x'] },
  { rule: 'mailgun-api-key', found: [`'key-${g.hex(32)}'`], clean: [`key-${'0'.repeat(32)}`] },
  { rule: 'stripe-key', found: [`sk_live_${g.mixed(24)}`, `whsec_${g.mixed(32)}`], clean: [`sk_live_${'x'.repeat(24)}`] },
  { rule: 'square-token', found: [`sq0atp-${g.url64(22)}`], clean: ['sq0atp-short'] },
  { rule: 'shopify-token', found: [`shpat_${g.hex(32)}`], clean: [`shpat_${'g'.repeat(32)}`] },
  { rule: 'openai-api-key', found: [`OPENAI_API_KEY=sk-proj-${g.url64(40)}T3BlbkFJ${g.url64(40)}`], clean: ['sk-proj-short'] },
  { rule: 'anthropic-api-key', found: [`sk-ant-api03-${g.url64(93)}AA`], clean: ['sk-ant-api03-short'] },
  { rule: 'huggingface-token', found: [`HF_TOKEN=hf_${g.letters(34)}`], clean: [`hf_${'a'.repeat(34)}`] },
  { rule: 'datadog-key', found: [`DD_API_KEY=${g.hex(32)}`, `datadog_app_key: "${g.hex(40)}"`], clean: [`DD_API_KEY=${'0'.repeat(32)}`] },
  { rule: 'new-relic-key', found: [`NRAK-${g.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 27)}`], clean: ['NRAK-short'] },
  { rule: 'sentry-dsn', found: [`SENTRY_DSN=https://${g.hex(32)}@o12345.ingest.sentry.io/67890`], clean: ['see https://sentry.io/welcome/'] },
  { rule: 'heroku-api-key', found: [`HEROKU_API_KEY=${g.uuid()}`], clean: [`user_id = '${g.uuid()}'`] },
  { rule: 'jwt', found: [`Authorization: Bearer ${jwt()}`], clean: [`eyJ${g.alnum(20)}.eyJ${g.alnum(20)}.${g.alnum(20)}`] },
  { rule: 'database-url', found: [`DATABASE_URL=postgres://app:${g.mixed(16)}@db:5432/app`, `mongodb+srv://admin:${g.mixed(14)}@cluster0.example.net/prod`, `redis://:${g.mixed(16)}@cache:6379`], clean: ['postgres://app:${DB_PASSWORD}@db/app', 'mysql://root:password@localhost/db'] },
  { rule: 'url-credentials', found: [`https://deploy:${g.mixed(14)}@git.example.com/repo.git`], clean: ['https://user:password@example.com', 'https://example.com/a:b@c'] },
  {
    rule: 'generic-secret',
    found: [`  client_secret: "${g.mixed(28)}",`, `API_TOKEN=${g.mixed(32)}`, `const password = '${g.mixed(16)}';`],
    clean: [
      'password: ${{ secrets.DB_PASSWORD }}',
      "token: '<your-token>'",
      'API_KEY=changeme',
      "password: 'xxxxxxxxxxxxxxxx'",
      'const token = process.env.GITHUB_TOKEN;',
      `apiKey: config.apiKey,`,
      `  "integrity": "sha512-${g.b64(86)}==",`,
      `const secretName = 'invoice-export-secret';`,
      `commit: '${g.hex(40)}'`,
      `requestId: '${g.uuid()}'`,
      'const apiToken = "abc123xyz456";',
      "expect(parse('{ \"token\": \"(a|b)+[0-9]{3};\" }'))",
    ],
  },
];
