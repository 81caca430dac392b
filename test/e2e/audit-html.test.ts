// The HTML scorecard of the built CLI, from fake API data, opened in headless Chromium: no script
// errors, and both charts drawn. Skipped where no chromium binary is installed (Debian: apt install chromium).
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendEntry, EMPTY_HISTORY, historyBlock, type HistoryEntry, type HistoryRecord } from '../../src/report/history.js';
import { changed, POLICY_PATH, scenario } from './scenario.js';
import { OWNER, REPO } from './run-action.js';

const CLI = join(import.meta.dirname, '../../dist/cli.js');
const CHROMIUM = ['chromium', 'chromium-browser'].find((name) => spawnSync(name, ['--version'], { encoding: 'utf8' }).status === 0);
const DAY = 86_400_000;
const NOW = Date.now();
const daysAgo = (n: number, hours = 0): string => new Date(NOW - n * DAY + hours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const sha = (n: number): string => n.toString(16).padStart(40, '0');
const POLICY = `version: 1
vendors: { users: ["acme-*", "globex-*"] }
profiles:
  - { name: acme, match: { users: ["acme-*"] }, valid_until: ${new Date(NOW + 12 * DAY).toISOString().slice(0, 10)} }
  - { name: globex, match: { users: ["globex-*"] } }
`;
// Runs before the page's own scripts and after them: records script errors, then counts painted pixels per canvas.
const PROBE_HEAD = `<script>window.__errors = []; window.addEventListener('error', (e) => { window.__errors.push(String(e.message)); });</script>`;
const PROBE_END = `<script>window.addEventListener('load', () => { const painted = [...document.querySelectorAll('canvas')].map((c) => {
  const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++; return n; });
  document.body.setAttribute('data-probe', JSON.stringify({ errors: window.__errors, painted, chart: typeof Chart })); });</script>`;

describe.skipIf(CHROMIUM === undefined)('the HTML scorecard in headless Chromium', () => {
  const { fake, apiUrl } = scenario(POLICY);

  it('renders both charts from the fake API data, with no script error', async () => {
    fake().setFile(OWNER, REPO, 'main', POLICY_PATH, POLICY);
    const vendors = ['acme-bob', 'acme-carl', 'globex-gil'];
    for (let number = 1; number <= 14; number++) {
      const login = vendors[number % 3] ?? 'acme-bob';
      const opened = 28 - number * 2;
      const passFirst = number % 3 !== 1;
      const entries: HistoryEntry[] = [
        { sha: sha(number * 10), at: daysAgo(opened, 1), event: 'pull_request_target', result: passFirst ? 'pass' : 'fail', failed: passFirst ? {} : { [['access', 'review', 'size', 'secrets'][number % 4] ?? 'size']: 2 }, waived: {}, secrets: number === 7 ? 1 : 0, cov: 70 + number },
        ...(passFirst ? [] : [{ sha: sha(number * 10 + 1), at: daysAgo(opened, 20), event: 'pull_request_target', result: 'pass' as const, failed: {}, waived: {}, secrets: 0, cov: 80 + number }]),
      ];
      fake().addPullRequest(OWNER, REPO, { number, user: { login }, created_at: daysAgo(opened), updated_at: daysAgo(opened - 1), head: { sha: sha(number) }, files: [changed('src/a.ts')], ...(number % 2 === 0 ? { merged_at: daysAgo(opened - 1) } : {}) });
      const record = entries.reduce<HistoryRecord>((r, e) => appendEntry(r, e), EMPTY_HISTORY);
      fake().addComment(OWNER, REPO, number, { login: 'github-actions[bot]', type: 'Bot', body: `<!-- vendor-gate -->\n${historyBlock(record)}\n` });
    }
    const dir = mkdtempSync(join(tmpdir(), 'vendor-gate-html-'));
    const page = join(dir, 'scorecard.html');
    const env = { PATH: process.env.PATH, HOME: dir, GITHUB_TOKEN: 'ghs_installation', GITHUB_API_URL: apiUrl() };
    // Not spawnSync: the fake GitHub answers from this process's event loop.
    const child = spawn(process.execPath, [CLI, 'audit', '--repo', `${OWNER}/${REPO}`, '--format', 'html', '--out', page], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const html = readFileSync(page, 'utf8');
    // Self-contained: no request leaves the page.
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    const probed = join(dir, 'probed.html');
    writeFileSync(probed, html.replace('<head>', `<head>\n${PROBE_HEAD}`).replace('</body>', `${PROBE_END}\n</body>`));
    const browser = (...args: string[]) =>
      spawnSync(CHROMIUM ?? 'chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--virtual-time-budget=3000', ...args], { encoding: 'utf8', timeout: 60_000 });
    const dom = browser('--dump-dom', `file://${probed}`);
    const probe = /data-probe="([^"]*)"/.exec(dom.stdout)?.[1];
    expect(probe, dom.stderr).toBeDefined();
    const result = JSON.parse((probe ?? '').replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as { errors: string[]; painted: number[]; chart: string };
    expect(result.errors).toEqual([]);
    expect(result.chart).toBe('function');
    expect(result.painted).toHaveLength(2);
    for (const pixels of result.painted) expect(pixels).toBeGreaterThan(1_000);
    const shot = join(dir, 'scorecard.png');
    browser(`--screenshot=${shot}`, '--window-size=1200,1600', `file://${page}`);
    expect(statSync(shot).size).toBeGreaterThan(20_000);
    // Kept for people to look at: VENDOR_GATE_SCREENSHOT names where.
    const keep = process.env.VENDOR_GATE_SCREENSHOT;
    if (keep) {
      copyFileSync(shot, keep);
      copyFileSync(page, keep.replace(/\.png$/, '.html'));
    }
  }, 120_000);
});
