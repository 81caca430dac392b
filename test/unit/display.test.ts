// Item 11 of issue 8: user text of any length or content leaves every rendered body within its limit
// and inert (no invisible characters, mentions, issue references or emoji).
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/policy/load.js';
import { annotations } from '../../src/report/annotations.js';
import { clipText, DISPLAY_LIMIT, escapeMarkdown, escapeTerminal } from '../../src/report/escape.js';
import { COMMENT_LIMIT, renderMarkdown, renderSummary, SUMMARY_LIMIT } from '../../src/report/markdown.js';
import { STATUS_DESCRIPTION_LIMIT, statusFor } from '../../src/report/status.js';
import { renderText } from '../../src/report/text.js';
import { errorReport, evaluate } from '../../src/verdict.js';
import { commit, facts, file } from './helpers.js';

const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/;
const LONG_EMAIL = `${'x'.repeat(70_000)}@acme.example`;
const source = { path: '.github/vendor-gate.yml', builtIn: false, sha: '9'.repeat(40) };
const now = new Date('2026-11-28T09:00:00Z');
const policy = parsePolicy('version: 1\nvendors: { emails: ["*@acme.example"] }\ngates:\n  access: { allow: ["src/**"] }\n', 'p.yml');

function hostileReport() {
  const pr = facts({
    number: 7,
    author: { login: 'outsider' },
    title: 'T'.repeat(10_000),
    baseRef: `main-${'b'.repeat(5_000)}`,
    files: Array.from({ length: 200 }, (_, i) => file(`docs/${i}-${'😀'.repeat(2_000)}.md`)),
    commits: [commit(LONG_EMAIL)],
  });
  return evaluate(pr, policy, source, { mode: 'enforce', now });
}

const codePoints = (text: string): number => Array.from(text).length;

describe('clipping user text for display', () => {
  it('keeps the start and the end around an ellipsis, whole code points only', () => {
    const clipped = clipText(`${'😀'.repeat(600)}.md`, 100);
    expect(codePoints(clipped)).toBe(100);
    expect(clipped).toMatch(/^😀+…😀+\.md$/u);
    expect(clipped).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(clipText('short', 100)).toBe('short');
  });

  it('clips in escapeMarkdown before escaping, so an escape is never cut in half', () => {
    const escaped = escapeMarkdown('&'.repeat(70_000));
    expect(escaped).toMatch(/^(&amp;)+…(&amp;)+$/);
    expect(escaped.length).toBeLessThanOrEqual(DISPLAY_LIMIT * '&amp;'.length);
  });

  it('clips terminal text too', () => {
    expect(escapeTerminal(LONG_EMAIL).length).toBeLessThanOrEqual(DISPLAY_LIMIT);
  });
});

describe('inert user text in the comment', () => {
  it.each([
    ['zero\u200Bwidth\u200C\u200D\u200E\u200F and \uFEFFbom', 'zerowidth and bom'],
    ['bidi \u202Aa\u202Bb\u202Cc\u202Dd\u202Ee \u2066f\u2067g\u2068h\u2069', 'bidi abcde fgh'],
    ['@admins', '@&#8203;admins'],
    ['@\u200Badmins', '@&#8203;admins'],
    ['Fixes #123', 'Fixes #&#8203;123'],
    ['owner/repo#1', 'owner/repo#&#8203;1'],
    ['GH-42', 'GH-&#8203;42'],
    [':tada: :+1: :100: :white_check_mark:', ':&#8203;tada: :&#8203;+1: :&#8203;100: :&#8203;white\\_check\\_mark:'],
    ['p.yml:3:22: at 10:30', 'p.yml:3:22: at 10:30'],
    ['https://evil.example', 'https:&#8203;//evil.example'],
    ['www.evil.example', 'www&#8203;.evil.example'],
  ])('%j', (input, output) => {
    expect(escapeMarkdown(input)).toBe(output);
    expect(escapeMarkdown(input)).not.toMatch(INVISIBLE);
  });
});

describe('every body within its limit', () => {
  it('keeps the comment under the limit with a 70,000-character commit email, the gate table whole', () => {
    const report = hostileReport();
    expect(report.vendorReasons.join('')).toContain(LONG_EMAIL);
    const body = renderMarkdown(report);
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body).toContain('| Check | Result | Details |');
    expect(body).toMatch(/\| Scope of work \| ❌ Failed \| .* \|\n/);
    expect(body).not.toContain('x'.repeat(DISPLAY_LIMIT));
    expect(body).toContain('Vendor PR: commit email xxx');
  });

  it('keeps an error of thousands of lines under the limit, showing its start', () => {
    const lines = Array.from({ length: 5_000 }, (_, i) => `  p.yml:${i + 1}:1: ${'problem '.repeat(20)}`);
    const report = errorReport({ title: 't', author: 'a', headSha: 'a'.repeat(40), baseSha: 'b'.repeat(40), baseRef: 'main' }, source, 'enforce', lines.join('\n'));
    const body = renderMarkdown(report, { error: report.reason ?? '' });
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body).toContain('p.yml:1:1:');
    expect(body).toContain('more lines of this error');
  });

  it('keeps the job summary under GitHub\'s 1 MiB in bytes, not characters', () => {
    const summary = renderSummary(hostileReport());
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(SUMMARY_LIMIT);
  });

  it('keeps the status description within 140 characters, whole code points, no invisible characters', () => {
    const report = { ...hostileReport(), result: 'error' as const };
    const { description } = statusFor(report, `${'😀'.repeat(200)}\u202E`);
    expect(codePoints(description)).toBeLessThanOrEqual(STATUS_DESCRIPTION_LIMIT);
    expect(description.length).toBeLessThanOrEqual(STATUS_DESCRIPTION_LIMIT);
    expect(description).not.toMatch(INVISIBLE);
    expect(description).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it('clips annotation messages and terminal lines', () => {
    const report = hostileReport();
    for (const a of annotations(report)) expect(codePoints(a.message)).toBeLessThanOrEqual(2 * DISPLAY_LIMIT + 20);
    for (const line of renderText(report).split('\n')) expect(codePoints(line)).toBeLessThanOrEqual(2 * DISPLAY_LIMIT + 40);
  });
});
