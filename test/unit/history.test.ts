import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/policy/load.js';
import { appendEntry, digestOf, EMPTY_HISTORY, fold, historyBlock, historyEntry, parseHistory, type HistoryEntry, type HistoryRecord } from '../../src/report/history.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { evaluate } from '../../src/verdict.js';
import { facts, file } from './helpers.js';
import { githubToken } from './secret-samples.js';

const SOURCE = { path: '.github/vendor-gate.yml', builtIn: false, sha: 'b'.repeat(40) };
const sha = (n: number) => n.toString(16).padStart(40, '0');

function entry(n: number, extra: Partial<HistoryEntry> = {}): HistoryEntry {
  return { sha: sha(n), at: new Date(Date.UTC(2026, 10, 1, 0, n)).toISOString(), event: 'pull_request_target', result: 'fail', failed: { size: 1 }, waived: {}, secrets: 0, ...extra };
}

describe('the history entry of an evaluation', () => {
  it('holds counts per failed gate, the size and the profile, and no finding text or secret value', () => {
    const secret = githubToken();
    const pr = facts({ files: [file('src/app.ts', { additions: 1, patch: `@@ -0,0 +1,1 @@\n+const token = "${secret}";` })] });
    const report = evaluate(pr, DEFAULT_POLICY, SOURCE, { mode: 'enforce', now: new Date('2026-11-28T00:00:00Z') });
    const e = historyEntry(report, 'pull_request_target', new Date('2026-11-28T10:00:00Z'));
    expect(e).toMatchObject({ sha: pr.headSha, at: '2026-11-28T10:00:00.000Z', event: 'pull_request_target', result: 'fail', size: { files: 1, lines: 1 } });
    expect(e.failed.secrets).toBe(1);
    expect(e.secrets).toBe(1);
    const block = historyBlock(appendEntry(EMPTY_HISTORY, e));
    expect(Buffer.from(block.split(' ')[3] ?? '', 'base64').toString()).not.toContain(secret.slice(4));
    expect(block).not.toContain(secret.slice(0, 8));
  });

  it('round-trips through the comment: the block is the last line, and the record reads back equal', () => {
    const record = appendEntry(appendEntry(EMPTY_HISTORY, entry(1)), entry(2, { result: 'pass', failed: {}, cov: 91.5, by: 'lead-lee', profile: 'acme' }));
    const report = evaluate(facts(), DEFAULT_POLICY, SOURCE, { mode: 'enforce', now: new Date('2026-11-28T00:00:00Z') });
    const body = `${renderMarkdown(report)}${historyBlock(record)}\n`;
    expect(parseHistory(body)).toEqual({ kind: 'record', record });
  });

  it('ignores a malformed, forged or future-version block with a reason, never throws', () => {
    const cases: Array<[string, RegExp]> = [
      ['<!-- vendor-gate:history v1 !!!! -->', /none/],
      ['<!-- vendor-gate:history v1 bm90IGpzb24= -->', /not base64 JSON/],
      [`<!-- vendor-gate:history v1 ${Buffer.from(JSON.stringify({ entries: [{ ...entry(1), secret: 'x' }] })).toString('base64')} -->`, /does not match/],
      [`<!-- vendor-gate:history v1 ${Buffer.from(JSON.stringify({ entries: [{ ...entry(1), sha: 'nope' }] })).toString('base64')} -->`, /does not match/],
      [`<!-- vendor-gate:history v2 ${Buffer.from('{}').toString('base64')} -->`, /version 2 is not 1/],
    ];
    for (const [body, reason] of cases) {
      const parsed = parseHistory(`<!-- vendor-gate -->\n${body}\n`);
      expect(parsed.kind === 'invalid' ? parsed.reason : parsed.kind).toMatch(reason);
    }
  });

  it('keeps the block within its cap by folding the oldest entries into the summary, losing no count', () => {
    let record: HistoryRecord = EMPTY_HISTORY;
    const all: HistoryEntry[] = [];
    for (let n = 1; n <= 200; n++) {
      const e = entry(n, n === 150 ? { result: 'pass', failed: {} } : { failed: { size: 2, review: 1 }, ...(n % 3 === 0 ? { by: 'lead-lee' } : {}) });
      all.push(e);
      record = appendEntry(record, e, 3_000);
      expect(historyBlock(record).length).toBeLessThanOrEqual(3_000);
    }
    expect(record.summary).toBeDefined();
    expect(record.entries.length).toBeLessThan(200);
    const digest = digestOf(record);
    expect(digest).toEqual(fold(undefined, all));
    expect(digest).toMatchObject({ evaluations: 200, pushes: 200, green: { at: all[149]?.at, pushes: 150 }, first: { sha: sha(1), result: 'fail' }, waivedBy: { 'lead-lee': 65 } });
    expect(digest?.failed).toEqual({ size: 199, review: 199 });
    expect(digest?.findings).toEqual({ size: 398, review: 199 });
  });

  it('folds in any split the same as at once (re-runs on one commit are one push)', () => {
    const arbitraryEntry = fc.record({ n: fc.integer({ min: 1, max: 4 }), result: fc.constantFrom('pass' as const, 'fail' as const, 'error' as const), secrets: fc.nat(3) });
    fc.assert(
      fc.property(fc.array(arbitraryEntry, { minLength: 1, maxLength: 30 }), fc.nat(30), (items, cut) => {
        const entries = items.map((i, k) => entry(i.n, { result: i.result, secrets: i.secrets, at: new Date(Date.UTC(2026, 10, 1, 0, k)).toISOString() }));
        const at = Math.min(cut, entries.length);
        expect(fold(fold(undefined, entries.slice(0, at)), entries.slice(at))).toEqual(fold(undefined, entries));
      }),
    );
  });
});
