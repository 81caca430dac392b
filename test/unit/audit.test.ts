// The scorecard arithmetic and its renderers, on a fixed audit part; the Markdown is a product surface
// (test/unit/__snapshots__/audit/scorecard.md): review its diff like UI.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../src/cli.js';
import { auditWindow } from '../../src/audit/command.js';
import { mergeParts, parsePart, type AuditPart, type AuditPullRequest } from '../../src/audit/part.js';
import { csvCell, renderScorecardCsv, renderScorecardHtml, renderScorecardJson, renderScorecardMarkdown } from '../../src/audit/render.js';
import { median, scorecard, weekOf } from '../../src/audit/scorecard.js';
import { fold, type HistoryEntry } from '../../src/report/history.js';

const sha = (n: number) => n.toString(16).padStart(40, '0');
const at = (day: number, hour = 0) => new Date(Date.UTC(2026, 10, day, hour)).toISOString();

function history(...entries: Array<Partial<HistoryEntry> & { n: number; day: number; hour?: number }>) {
  return fold(
    undefined,
    entries.map(({ n, day, hour = 0, ...rest }) => ({ sha: sha(n), at: at(day, hour), event: 'pull_request_target', result: 'fail' as const, failed: {}, waived: {}, secrets: 0, ...rest })),
  );
}

function pull(repo: string, number: number, extra: Partial<AuditPullRequest>): AuditPullRequest {
  return { repo, number, author: 'acme-bob', profile: 'acme', state: 'open', createdAt: at(3), size: { files: 2, lines: 40 }, reviewRounds: 0, ...extra };
}

const WINDOW = { from: at(1), to: at(30, 23) };
const PART: AuditPart = {
  formatVersion: 1,
  window: WINDOW,
  repositories: ['octo/app'],
  contracts: [{ repo: 'octo/app', profile: 'acme', validUntil: '2026-12-15' }, { repo: 'octo/app', profile: 'initech', validUntil: '2027-06-30' }],
  pullRequests: [
    pull('octo/app', 1, { state: 'merged', mergedAt: at(6), history: history({ n: 1, day: 3, failed: { access: 2 } }, { n: 2, day: 4, result: 'pass', cov: 92 }) }),
    pull('octo/app', 2, { createdAt: at(10), reviewRounds: 2, history: history({ n: 3, day: 10, hour: 5, result: 'pass', cov: 80 }) }),
    pull('octo/app', 3, { author: 'acme-carl', createdAt: at(17), history: history({ n: 4, day: 17, failed: { review: 1 } }, { n: 4, day: 17, hour: 6, result: 'pass', by: 'lead-lee', waived: { review: 1 } }) }),
    pull('octo/app', 4, { author: '=cmd|calc', profile: 'globex <b>', createdAt: at(18), history: history({ n: 5, day: 18, failed: { secrets: 1 }, secrets: 1 }) }),
    pull('octo/app', 5, { createdAt: at(20) }),
  ],
};

describe('the scorecard', () => {
  const card = scorecard(PART);

  it('counts per profile: first-push passes, pushes and hours to green, failures, secrets, waivers, coverage', () => {
    expect(card.cards.map((c) => c.profile)).toEqual(['acme', 'globex <b>']);
    expect(card.cards[0]).toEqual({
      profile: 'acme', authors: ['acme-bob', 'acme-carl'], pullRequests: 4, opened: 4, merged: 1, evaluated: 3, firstPushPassed: 1, firstPushPassRate: 33.3,
      green: 3, medianPushesToGreen: 1, medianHoursToGreen: 6, failuresPerGate: { access: 1, review: 1 }, secretsFound: 0, waivedPullRequests: 1,
      waiversBy: { 'lead-lee': 1 }, medianChangedCoverage: 86, medianReviewRounds: 0, medianSizeLines: 40,
      contractsEnding: [{ repo: 'octo/app', validUntil: '2026-12-15', daysLeft: 15 }],
    });
    expect(card.cards[1]).toMatchObject({ evaluated: 1, firstPushPassRate: 0, green: 0, medianHoursToGreen: null, secretsFound: 1, failuresPerGate: { secrets: 1 } });
  });

  it('has a weekly trend from Monday to Sunday', () => {
    expect(weekOf('2026-11-01T10:00:00Z')).toBe('2026-10-26');
    expect(weekOf('2026-11-02T00:00:00Z')).toBe('2026-11-02');
    expect(card.trend).toEqual([
      { week: '2026-11-02', opened: 1, evaluated: 1, firstPushPassed: 0, merged: 1 },
      { week: '2026-11-09', opened: 1, evaluated: 1, firstPushPassed: 1, merged: 0 },
      { week: '2026-11-16', opened: 3, evaluated: 2, firstPushPassed: 0, merged: 0 },
    ]);
  });

  it('shows quiet weeks of the trend as zeros', () => {
    const part = { ...PART, pullRequests: [pull('octo/app', 1, { createdAt: at(2) }), pull('octo/app', 2, { createdAt: at(25) })] };
    expect(scorecard(part).trend.map((t) => [t.week, t.opened])).toEqual([['2026-11-02', 1], ['2026-11-09', 0], ['2026-11-16', 0], ['2026-11-23', 1]]);
  });

  it('takes the median of an even count as the mean of the middle two, and none of nothing', () => {
    expect([median([]), median([3]), median([4, 1, 3, 2]), median([1, 2, 2])]).toEqual([null, 3, 2.5, 2]);
  });

  it('renders Markdown with escaped names and a Mermaid chart', async () => {
    const text = renderScorecardMarkdown(card);
    expect(text).toContain('globex &lt;b&gt;');
    expect(text).not.toContain('<b>');
    expect(text).toContain('\\=cmd\\|calc');
    await expect(text).toMatchFileSnapshot('./__snapshots__/audit/scorecard.md');
  });

  it('writes CSV cells that a spreadsheet never runs as a formula', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', 'plain', 'say "hi"', null].map(csvCell)).toEqual(["\"'=1+1\"", "\"'+1\"", "\"'-1\"", "\"'@SUM(A1)\"", '"plain"', '"say ""hi"""', '""']);
    const csv = renderScorecardCsv(card);
    expect(csv.split('\r\n')[0]).toContain('"failed_access","failed_review","failed_secrets"');
    expect(csv).toContain("\"'=cmd|calc\"");
  });

  it('writes an HTML page whose user text is escaped and whose data cannot close its script', () => {
    const html = renderScorecardHtml(scorecard({ ...PART, pullRequests: [pull('octo/app', 9, { profile: '</script><img src=x onerror=alert(1)>', history: history({ n: 1, day: 3, failed: { size: 1 } }) })] }), 'window.Chart = function () {};\n//# sourceMappingURL=chart.umd.min.js.map\n');
    expect(html).not.toContain('<img');
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('sourceMappingURL');
    expect(html).toContain("default-src 'none'");
  });
});

describe('audit parts', () => {
  const one = { ...PART, repositories: ['octo/app'], pullRequests: PART.pullRequests.slice(0, 2) };
  const two = { ...PART, repositories: ['octo/app'], pullRequests: PART.pullRequests.slice(2) };

  it('merge into the scorecard of the whole, in any order', () => {
    expect(scorecard(mergeParts([two, one]))).toEqual(scorecard(PART));
    expect(mergeParts([one, two, one])).toEqual(mergeParts([PART]));
  });

  it('read back from the JSON output, and refuse anything else with the file name', () => {
    const card = scorecard(PART);
    expect(parsePart(renderScorecardJson(PART, card), 'a.json')).toEqual(PART);
    expect(() => parsePart('{"formatVersion":2}', 'b.json')).toThrow(/b\.json is not an audit part of format version 1/);
    expect(() => parsePart('nope', 'c.json')).toThrow(/c\.json is not JSON/);
    const forged = structuredClone(PART) as unknown as { pullRequests: Array<{ history: { secrets: number } }> };
    if (forged.pullRequests[0]) forged.pullRequests[0].history.secrets = -1;
    expect(() => parsePart(JSON.stringify(forged), 'd.json')).toThrow(/d\.json/);
  });
});

describe('the audit period', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  it('ends now and reaches back --since days or weeks, or spans --from to the end of --to', () => {
    expect(auditWindow({}, now)).toEqual({ from: '2026-11-01T12:00:00.000Z', to: '2026-12-01T12:00:00.000Z' });
    expect(auditWindow({ since: '2w' }, now).from).toBe('2026-11-17T12:00:00.000Z');
    expect(auditWindow({ from: '2026-11-01', to: '2026-11-30' }, now)).toEqual({ from: '2026-11-01T00:00:00.000Z', to: '2026-11-30T23:59:59.000Z' });
    expect(() => auditWindow({ since: '30' }, now)).toThrow(/expected days or weeks/);
    expect(() => auditWindow({ since: '3d', from: '2026-11-01' }, now)).toThrow(/exclude each other/);
    expect(() => auditWindow({ from: '2026-12-05', to: '2026-12-01' }, now)).toThrow(/after --to/);
  });
});

describe('vendor-gate audit on the command line', () => {
  const run = async (env: NodeJS.ProcessEnv, ...argv: string[]) => {
    let out = '';
    let err = '';
    const code = await cli(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: tmpdir(), now: new Date('2026-12-01T00:00:00Z'), env });
    return { code, out, err };
  };

  it('says what is missing before it reads anything: a token, what to audit, a known format, parts to merge', async () => {
    expect(await run({}, 'audit', '--repo', 'o/r')).toMatchObject({ code: 2, err: expect.stringContaining('set GITHUB_TOKEN or GH_TOKEN') as string });
    expect((await run({ GH_TOKEN: 't' }, 'audit')).err).toContain('Name what to audit: --repo owner/name');
    expect((await run({ GH_TOKEN: 't' }, 'audit', '--repo', 'just-a-name')).err).toContain('expected owner/name');
    expect((await run({ GH_TOKEN: 't' }, 'audit', '--repo', 'o/r', '--format', 'pdf')).err).toContain('expected markdown, json, csv, html');
    expect((await run({}, 'audit', 'merge')).err).toContain('audit merge needs the JSON parts');
  });

  it('merges parts from files into any format', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vendor-gate-audit-unit-'));
    writeFileSync(join(dir, 'a.json'), renderScorecardJson(PART, scorecard(PART)));
    const csv = await run({}, 'audit', 'merge', join(dir, 'a.json'), '--format', 'csv');
    expect(csv).toMatchObject({ code: 0, err: '' });
    expect(csv.out).toBe(renderScorecardCsv(scorecard(PART)));
  });
});
