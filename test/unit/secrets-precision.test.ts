// Issue 9, precision: each test here failed on the scanner before its change.
import { describe, expect, it } from 'vitest';
import { scanText } from '../../src/secrets/scanner.js';
import { generator, githubToken } from './secret-samples.js';

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
