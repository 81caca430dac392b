// Issue 9, precision: each test here failed on the scanner before its change.
import { describe, expect, it } from 'vitest';
import { secretsGate } from '../../src/gates/secrets.js';
import { parsePolicy } from '../../src/policy/load.js';
import { annotations } from '../../src/report/annotations.js';
import { renderSarif, sarifFindings } from '../../src/report/sarif.js';
import { confidenceOf, RULES } from '../../src/secrets/rules.js';
import { scanText } from '../../src/secrets/scanner.js';
import { evaluate } from '../../src/verdict.js';
import { context, facts, file } from './helpers.js';
import { generator, githubToken, jwt, keyBlock } from './secret-samples.js';
import { scanDiff } from '../../src/secrets/diff.js';

const g = generator(9);

describe('an unterminated private key block', () => {
  it('ends at the first line that is not key body, so a token 3 lines later is still found', () => {
    const token = githubToken();
    const text = ['-----BEGIN RSA PRIVATE KEY-----', g.b64(64), g.b64(64), g.b64(64), `GITHUB_TOKEN=${token}`, 'more = 1'].join('\n');
    const found = scanText(text);
    expect(found.map((m) => [m.ruleId, m.line])).toEqual([
      ['private-key', 1],
      ['github-token', 5],
    ]);
  });

  it('ends at a blank line after its body', () => {
    const token = githubToken();
    const text = ['-----BEGIN PRIVATE KEY-----', g.b64(64), g.b64(64), '', token].join('\n');
    expect(scanText(text).map((m) => [m.ruleId, m.line])).toEqual([
      ['private-key', 1],
      ['github-token', 5],
    ]);
  });

  it('ends after a bounded number of body lines', () => {
    const body = Array.from({ length: 500 }, () => g.b64(64));
    const [key, ...rest] = scanText(['-----BEGIN PRIVATE KEY-----', ...body, githubToken()].join('\n'));
    expect(key?.ruleId).toBe('private-key');
    expect(key?.value.split('\n').length).toBeLessThanOrEqual(200);
    expect(rest.map((m) => m.ruleId)).toEqual(['github-token']);
  });
});

const patch = (...lines: string[]): string => `@@ -1,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}`;

describe('confidence', () => {
  it('is set on every rule: a fixed prefix or checksum is high, a generic name is low, and a rule without one counts as high', () => {
    expect(RULES.filter((r) => r.confidence === undefined).map((r) => r.id)).toEqual([]);
    const of = (id: string) => RULES.find((r) => r.id === id)?.confidence;
    expect([of('github-token'), of('private-key'), of('aws-access-key-id'), of('aws-secret-access-key'), of('generic-secret')]).toEqual(['high', 'high', 'high', 'medium', 'low']);
    expect(confidenceOf({ confidence: undefined })).toBe('high');
  });

  it('does not fail the gate on a low-confidence finding by default, and says so; min_confidence: low fails it', () => {
    const generic = `api_key = "${g.mixed(32)}"`;
    const pr = facts({ files: [file('src/a.ts', { patch: patch('const a = 1;', generic), additions: 2 })] });
    const result = secretsGate(context(pr));
    expect(result.status).toBe('pass');
    expect(result.findings).toEqual([]);
    expect(result.advisories?.map((f) => [f.file, f.line, f.rule, f.confidence])).toEqual([['src/a.ts', 2, 'generic-secret', 'low']]);
    expect(result.notes.join('\n')).toMatch(/^1 low-confidence possible secret, not failing \(below gates\.secrets\.min_confidence: medium\): src\/a\.ts:2 Secret-like value \(.{4}•+\)/m);
    expect(JSON.stringify(result.notes)).not.toContain(generic.slice(11, 40));

    const strict = secretsGate(context(pr, { secrets: { min_confidence: 'low' } }));
    expect(strict.status).toBe('fail');
    expect(strict.findings.map((f) => [f.rule, f.confidence])).toEqual([['generic-secret', 'low']]);
    const high = secretsGate(context(facts({ files: [file('a.ts', { patch: patch(`t = ${githubToken()}`) })] })));
    expect(high.findings.map((f) => f.confidence)).toEqual(['high']);
  });

  it('is in the policy schema, medium by default, and rejects other values', () => {
    expect(parsePolicy('version: 1\ngates: { secrets: { min_confidence: high } }\n', 'p.yml').gates.secrets.min_confidence).toBe('high');
    expect(parsePolicy('version: 1\n', 'p.yml').gates.secrets.min_confidence).toBe('medium');
    expect(() => parsePolicy('version: 1\ngates: { secrets: { min_confidence: sure } }\n', 'p.yml')).toThrow(/min_confidence/);
  });

  it('puts findings below the minimum into SARIF as notes and the JSON report as advisories', () => {
    const pr = facts({ files: [file('src/a.ts', { patch: patch(`api_key = "${g.mixed(32)}"`, `t = ${githubToken()}`) })] });
    const source = { path: 'p.yml', builtIn: false, sha: 'b'.repeat(40) };
    const report = evaluate(pr, parsePolicy('version: 1\n', 'p.yml'), source, { mode: 'enforce', now: new Date('2026-11-28T00:00:00Z'), forceGates: true });
    const sarif = JSON.parse(renderSarif(sarifFindings(report))) as { runs: Array<{ results: Array<{ ruleId: string; level: string }> }> };
    expect(sarif.runs[0]?.results.map((r) => [r.ruleId, r.level])).toEqual([
      ['github-token', 'error'],
      ['generic-secret', 'note'],
    ]);
    expect(report.gates.find((gate) => gate.id === 'secrets')?.advisories?.map((f) => f.rule)).toEqual(['generic-secret']);
    // The possible secret is a warning annotation on its line, next to the error of the real one.
    expect(annotations(report).filter((a) => a.title.includes('ecret')).map((a) => [a.level, a.file, a.line])).toEqual([
      ['error', 'src/a.ts', 2],
      ['warning', 'src/a.ts', 1],
    ]);
  });
});

describe('published example values', () => {
  // Built from parts, as the allow-list builds them: push protection may flag the literal values.
  const examples = {
    'AWS access key ID': ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join(''),
    'AWS secret key': ['wJalrXUtnFEMI', 'K7MDENG', 'bPxRfiCYEXAMPLEKEY'].join('/'),
    'Stripe test key': ['sk', 'test', '4eC39HqLyjWDarjtT1zdp7dc'].join('_'),
    'Stripe older test key': ['sk', 'test', 'BQokikJOvBiI2HlWgH4olfQ2'].join('_'),
    'Firebase sample key': ['AIza', 'SyDOCAbC123dEf456GhI789jKl012-MnO'].join(''),
    'JWT.io sample': [
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
      'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ',
      'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    ].join('.'),
  };

  it.each(Object.entries(examples))('does not report the %s', (_, value) => {
    expect(scanText(`const value = "${value}";\nsecret_token = "${value}"\nAuthorization: Bearer ${value}`)).toEqual([]);
  });

  it('still reports a value one character away from an example', () => {
    const near = `${examples['Stripe test key'].slice(0, -1)}X`;
    expect(scanText(`stripe = "${near}"`).map((m) => m.ruleId)).toEqual(['stripe-key']);
  });
});

describe('tighter shapes', () => {
  const ids = (line: string): string[] => scanText(line).map((m) => m.ruleId);

  it('Slack: documented token shapes are found, look-alikes of the wrong shape are not', () => {
    expect(ids(`SLACK_BOT_TOKEN=xoxb-${g.digits(12)}-${g.digits(13)}-${g.alnum(24)}`)).toEqual(['slack-token']);
    expect(ids(`xoxp-${g.digits(12)}-${g.digits(12)}-${g.digits(13)}-${g.hex(32)}`)).toEqual(['slack-token']);
    expect(ids(`xapp-1-A${g.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 10)}-${g.digits(13)}-${g.hex(64)}`)).toEqual(['slack-token']);
    expect(ids(`x = "xoxb-${g.alnum(10)}-${g.alnum(16)}"`)).toEqual([]);
    expect(ids(`x = "xoxp-${g.digits(12)}-${g.mixed(14)}"`)).toEqual([]);
    expect(ids(`x = "xoxb-${g.digits(4)}-${g.digits(4)}-${g.mixed(12)}"`)).toEqual([]);
  });

  it('Sentry: DSNs and org tokens with a JSON payload are found, other sntry… strings are not', () => {
    const payload = Buffer.from(JSON.stringify({ iat: 1700000000.1, url: 'https://sentry.io', region_url: 'https://us.sentry.io', org: 'acme' })).toString('base64').replace(/=+$/, '');
    expect(ids(`SENTRY_AUTH_TOKEN=sntrys_${payload}_${g.url64(43)}`)).toEqual(['sentry-dsn']);
    expect(ids(`SENTRY_DSN=https://${g.hex(32)}@o123456.ingest.sentry.io/4505`)).toEqual(['sentry-dsn']);
    expect(ids(`x = "sntrys_${g.url64(60)}"`)).toEqual([]);
    expect(ids(`x = "sntryu_${g.mixed(64)}"`)).toEqual([]);
  });

  it('generic: a secret-like name needs a secret-like value', () => {
    expect(ids('telegramBotName = "hello"')).toEqual([]);
    expect(ids(`publicToken = "${g.mixed(24)}"`)).toEqual([]);
    expect(ids(`PUBLISHABLE_KEY = "${g.mixed(24)}"`)).toEqual([]);
    expect(ids('TELEGRAM_TOKEN = "TelegramBot2024Name"')).toEqual([]);
    expect(ids('apiKeyHeader = "X-Api-Key-2024-Version"')).toEqual([]);
    expect(ids('SECRET_NAME=my-app-secret-v2-2024')).toEqual([]);
    expect(ids('const tokenUrl = "oauth2/v4/token1234"')).toEqual([]);
    expect(ids('token: "v1.2.3-beta.4+build.5678"')).toEqual([]);
    expect(ids('token = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"')).toEqual([]);
    expect(ids(`api_key = "${g.mixed(32)}"`)).toEqual(['generic-secret']);
    expect(ids(`API_SECRET=${g.b64(40)}`)).toEqual(['generic-secret']);
    expect(ids(`auth_token: '${g.hex(32)}'`)).toEqual(['generic-secret']);
    expect(ids('password: "Summer2024!Winter"')).toEqual(['generic-secret']);
    expect(ids('nextLastSignificantToken = "?InterpolationInJSX";')).toEqual([]);
    expect(ids(`  token: 'ghp_PersonalAccessToken${'0'.repeat(16)}',`)).toEqual([]);
  });

  it('AWS: a key ID in a presigned S3 URL is not reported (the URL carries it by design); the same ID elsewhere is', () => {
    const id = `AKIA${g.upper(16)}`;
    expect(ids(`https://bucket.s3.amazonaws.com/f?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${id}%2F20190509%2Fus-east-1`)).toEqual([]);
    expect(ids(`aws_access_key_id = ${id}`)).toEqual(['aws-access-key-id']);
  });

  it('generic: keeps finding random values of every common alphabet', () => {
    const found = (value: string) => ids(`api_key = "${value}"`).length === 1;
    const rate = (make: () => string) => Array.from({ length: 300 }, make).filter(found).length / 300;
    expect(rate(() => g.alnum(32))).toBeGreaterThan(0.97);
    expect(rate(() => g.alnum(20))).toBeGreaterThan(0.95);
    expect(rate(() => g.b64(40))).toBeGreaterThan(0.97);
    expect(rate(() => g.hex(32))).toBeGreaterThan(0.97);
  });
});

describe('encoded and wrapped secrets', () => {
  const b64 = (text: string) => Buffer.from(text).toString('base64');

  it('finds a base64-wrapped JWT in a Kubernetes Secret, at the original line', () => {
    const text = ['apiVersion: v1', 'kind: Secret', 'data:', `  token: ${b64(jwt())}`].join('\n');
    expect(scanText(text).map((m) => [m.ruleId, m.line, m.column, m.encoding])).toEqual([['jwt', 4, 10, 'base64']]);
  });

  it('finds a base64-wrapped PEM private key in a .env value, and through the diff scanner', () => {
    const line = `TLS_KEY="${b64(`${keyBlock().join('\n')}\n`)}"`;
    expect(scanText(line).map((m) => [m.ruleId, m.line, m.encoding])).toEqual([['private-key', 1, 'base64']]);
    const diff = `diff --git a/.env b/.env\n--- a/.env\n+++ b/.env\n@@ -0,0 +1,2 @@\n+A=1\n+${line}\n`;
    expect(scanDiff(diff).found.map((m) => [m.ruleId, m.line, m.path])).toEqual([['private-key', 2, '.env']]);
  });

  it('finds a base64-wrapped GitHub token, and reports the encoded text as the value to mask', () => {
    const token = githubToken();
    const [match, ...rest] = scanText(`  GITHUB_TOKEN: ${b64(token)}`);
    expect(rest).toEqual([]);
    expect(match).toMatchObject({ ruleId: 'github-token', encoding: 'base64', value: b64(token) });
  });

  it('decodes once, with a bounded length: base64 of base64 and an over-long value are not decoded', () => {
    expect(scanText(`x: ${b64(b64(jwt()))}`)).toEqual([]);
    expect(scanText(`x: ${b64(`${jwt()}${' '.repeat(20_000)}`)}`)).toEqual([]);
  });

  it('says in the gate finding that the secret was base64-encoded, and shows only the start of the encoded text', () => {
    const encoded = b64(jwt());
    const pr = facts({ files: [file('k8s/secret.yaml', { patch: patch('data:', `  token: ${encoded}`) })] });
    const [finding] = secretsGate(context(pr)).findings;
    expect(finding?.message).toBe(`JSON Web Token, base64-encoded (${encoded.slice(0, 4)}••••••••) in column 10 (rule jwt).`);
  });

  it('finds a URL-encoded connection string', () => {
    const url = encodeURIComponent(`postgres://app:${g.mixed(16)}@db.internal:5432/app`);
    expect(scanText(`DATABASE=${url}`).map((m) => [m.ruleId, m.encoding])).toEqual([['database-url', 'url']]);
  });
});
