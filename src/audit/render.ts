// Scorecard renderers: Markdown with a Mermaid chart, CSV, JSON and one self-contained HTML page.
// Profile names, logins and repository names come from policies and GitHub: escaped in every format.
import { escapeMarkdown } from '../report/escape.js';
import type { AuditPart } from './part.js';
import type { Card, Scorecard } from './scorecard.js';

const dash = '–';
const num = (n: number | null, unit = ''): string => (n === null ? dash : `${n}${unit}`);
const day = (time: string): string => time.slice(0, 10);
const gatesOf = (cards: readonly Card[]): string[] => [...new Set(cards.flatMap((c) => Object.keys(c.failuresPerGate)))].sort();
const waiverText = (c: Card, esc: (s: string) => string): string =>
  Object.entries(c.waiversBy).map(([login, n]) => `${esc(login)} (${n})`).join(', ') || dash;
const hours = (h: number | null): string => (h === null ? dash : h < 48 ? `${h} h` : `${Math.round((h / 24) * 10) / 10} d`);

interface Row {
  label: string;
  value: (c: Card) => string;
}

function rows(esc: (s: string) => string): Row[] {
  return [
    { label: 'Vendor accounts', value: (c) => c.authors.map(esc).join(', ') || dash },
    { label: 'PRs updated / opened / merged', value: (c) => `${c.pullRequests} / ${c.opened} / ${c.merged}` },
    { label: 'PRs with a vendor-gate record', value: (c) => String(c.evaluated) },
    { label: 'First-push pass rate', value: (c) => (c.firstPushPassRate === null ? dash : `${c.firstPushPassRate} % (${c.firstPushPassed} of ${c.evaluated})`) },
    { label: 'Median pushes until green', value: (c) => num(c.medianPushesToGreen) },
    { label: 'Median time to green (from opening)', value: (c) => hours(c.medianHoursToGreen) },
    { label: 'Secrets found', value: (c) => String(c.secretsFound) },
    { label: 'Waived PRs (by whom)', value: (c) => `${c.waivedPullRequests} (${waiverText(c, esc)})` },
    { label: 'Median changed-line coverage', value: (c) => num(c.medianChangedCoverage, ' %') },
    { label: 'Median review rounds', value: (c) => num(c.medianReviewRounds) },
    { label: 'Median size (lines changed)', value: (c) => num(c.medianSizeLines) },
  ];
}

const md = (text: string): string => escapeMarkdown(text, 200);

/** Markdown for an issue or the job summary; the chart is a Mermaid xychart, which GitHub renders. */
export function renderScorecardMarkdown(card: Scorecard): string {
  const { cards, trend } = card;
  const out = [
    '# Vendor scorecard',
    '',
    `${day(card.window.from)} to ${day(card.window.to)} · ${card.repositories.length} ${card.repositories.length === 1 ? 'repository' : 'repositories'}: ${card.repositories.map(md).join(', ') || dash}`,
    '',
  ];
  if (cards.length === 0) return [...out, 'No vendor pull request was updated in this period.', ''].join('\n');
  out.push(`| | ${cards.map((c) => md(c.profile)).join(' | ')} |`, `| --- | ${cards.map(() => '---:').join(' | ')} |`);
  for (const row of rows(md)) out.push(`| ${row.label} | ${cards.map(row.value).join(' | ')} |`);
  const gates = gatesOf(cards);
  out.push('', '## Failed evaluations per gate', '');
  if (gates.length === 0) out.push('No gate failed.');
  else {
    out.push(`| gate | ${cards.map((c) => md(c.profile)).join(' | ')} |`, `| --- | ${cards.map(() => '---:').join(' | ')} |`);
    for (const gate of gates) out.push(`| ${md(gate)} | ${cards.map((c) => String(c.failuresPerGate[gate] ?? 0)).join(' | ')} |`);
  }
  const contracts = cards.flatMap((c) => c.contractsEnding.map((e) => ({ profile: c.profile, ...e })));
  out.push('', '## Contracts ending within 30 days', '');
  if (contracts.length === 0) out.push('None.');
  else {
    out.push('| profile | repository | valid until | days left |', '| --- | --- | --- | ---: |');
    for (const c of contracts) out.push(`| ${md(c.profile)} | ${md(c.repo)} | ${c.validUntil} | ${c.daysLeft < 0 ? `ended ${-c.daysLeft} days ago` : c.daysLeft} |`);
  }
  out.push('', '## Weekly trend (all vendors)', '');
  if (trend.length > 0) {
    const list = (values: readonly (string | number)[]) => `[${values.map((v) => (typeof v === 'string' ? `"${v}"` : String(v))).join(', ')}]`;
    const top = Math.max(1, ...trend.map((t) => Math.max(t.opened, t.evaluated, t.merged)));
    out.push(
      '```mermaid',
      'xychart-beta',
      '  title "Vendor PRs per week: evaluated (bars), passed on first push (line)"',
      `  x-axis ${list(trend.map((t) => t.week))}`,
      `  y-axis "pull requests" 0 --> ${top}`,
      `  bar ${list(trend.map((t) => t.evaluated))}`,
      `  line ${list(trend.map((t) => t.firstPushPassed))}`,
      '```',
      '',
    );
  }
  out.push('| week of | opened | evaluated | passed on first push | merged |', '| --- | ---: | ---: | ---: | ---: |');
  for (const t of trend) out.push(`| ${t.week} | ${t.opened} | ${t.evaluated} | ${t.firstPushPassed} | ${t.merged} |`);
  return `${out.join('\n')}\n`;
}

/** The part (what merge reads back) and the scorecard computed from it. */
export function renderScorecardJson(part: AuditPart, card: Scorecard): string {
  return `${JSON.stringify({ formatVersion: part.formatVersion, part, scorecard: card }, null, 2)}\n`;
}

/** A spreadsheet cell: quoted, and never a formula (CSV injection), whatever the text starts with. */
export function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  const inert = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${inert.replace(/"/g, '""')}"`;
}

/** One row per profile; per-gate failures as `failed_<gate>` columns. */
export function renderScorecardCsv(card: Scorecard): string {
  const gates = gatesOf(card.cards);
  const header = [
    'profile', 'vendor_accounts', 'pull_requests', 'opened', 'merged', 'evaluated', 'first_push_passed', 'first_push_pass_rate',
    'median_pushes_to_green', 'median_hours_to_green', 'secrets_found', 'waived_pull_requests', 'waivers_by', 'median_changed_coverage',
    'median_review_rounds', 'median_size_lines', 'contracts_ending', ...gates.map((g) => `failed_${g}`),
  ];
  const lines = card.cards.map((c) =>
    [
      c.profile, c.authors.join(' '), c.pullRequests, c.opened, c.merged, c.evaluated, c.firstPushPassed, c.firstPushPassRate,
      c.medianPushesToGreen, c.medianHoursToGreen, c.secretsFound, c.waivedPullRequests,
      Object.entries(c.waiversBy).map(([login, n]) => `${login}:${n}`).join(' '), c.medianChangedCoverage, c.medianReviewRounds, c.medianSizeLines,
      c.contractsEnding.map((e) => `${e.repo}@${e.validUntil}`).join(' '), ...gates.map((g) => c.failuresPerGate[g] ?? 0),
    ].map(csvCell).join(','),
  );
  return `${[header.map(csvCell).join(','), ...lines].join('\r\n')}\r\n`;
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML[c] ?? c);
/** JSON inside a script element: `<` escaped, so no value can close the element. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/**
 * One page with no outside requests: `chartLibrary` is Chart.js's UMD build, inlined; the CSP allows
 * only the page's own inline scripts and styles.
 */
export function renderScorecardHtml(card: Scorecard, chartLibrary: string): string {
  const { cards } = card;
  const gates = gatesOf(cards);
  const table = (head: string[], body: string[][]) =>
    `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${body.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
  const summary = table(['', ...cards.map((c) => escapeHtml(c.profile))], rows(escapeHtml).map((r) => [r.label, ...cards.map(r.value)]));
  const failures = gates.length === 0 ? '<p>No gate failed.</p>' : table(['gate', ...cards.map((c) => escapeHtml(c.profile))], gates.map((g) => [escapeHtml(g), ...cards.map((c) => String(c.failuresPerGate[g] ?? 0))]));
  const contracts = cards.flatMap((c) => c.contractsEnding.map((e) => [escapeHtml(c.profile), escapeHtml(e.repo), e.validUntil, String(e.daysLeft)]));
  const data = {
    weeks: card.trend.map((t) => t.week),
    evaluated: card.trend.map((t) => t.evaluated),
    passed: card.trend.map((t) => t.firstPushPassed),
    merged: card.trend.map((t) => t.merged),
    gates,
    profiles: cards.map((c) => ({ name: c.profile, failures: gates.map((g) => c.failuresPerGate[g] ?? 0) })),
  };
  const library = chartLibrary.replace(/\/\/# sourceMappingURL=\S*\s*$/, '').replace(/<\/(script)/gi, '<\\/$1');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Vendor scorecard ${day(card.window.from)} to ${day(card.window.to)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #1f2328; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #d0d7de; padding: .3rem .6rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5rem; }
.chart { position: relative; height: 320px; }
</style>
</head>
<body>
<h1>Vendor scorecard</h1>
<p>${day(card.window.from)} to ${day(card.window.to)} · ${card.repositories.map(escapeHtml).join(', ')}</p>
<div class="charts">
<div class="chart"><canvas id="trend" aria-label="Vendor PRs per week"></canvas></div>
<div class="chart"><canvas id="gates" aria-label="Failed evaluations per gate"></canvas></div>
</div>
<h2>Per vendor profile</h2>
${cards.length === 0 ? '<p>No vendor pull request was updated in this period.</p>' : summary}
<h2>Failed evaluations per gate</h2>
${failures}
<h2>Contracts ending within 30 days</h2>
${contracts.length === 0 ? '<p>None.</p>' : table(['profile', 'repository', 'valid until', 'days left'], contracts)}
<h2>Weekly trend (all vendors)</h2>
${table(['week of', 'opened', 'evaluated', 'passed on first push', 'merged'], card.trend.map((t) => [t.week, String(t.opened), String(t.evaluated), String(t.firstPushPassed), String(t.merged)]))}
<script>${library}</script>
<script>
const data = ${scriptJson(data)};
const palette = ['#0969da', '#1a7f37', '#bf3989', '#9a6700', '#8250df', '#cf222e'];
new Chart(document.getElementById('trend'), {
  type: 'bar',
  data: { labels: data.weeks, datasets: [
    { label: 'evaluated', data: data.evaluated, backgroundColor: '#54aeff', order: 2 },
    { label: 'passed on first push', data: data.passed, type: 'line', borderColor: '#1a7f37', backgroundColor: '#1a7f37', order: 1 },
    { label: 'merged', data: data.merged, type: 'line', borderColor: '#8250df', backgroundColor: '#8250df', order: 1 },
  ] },
  options: { animation: false, maintainAspectRatio: false, plugins: { title: { display: true, text: 'Vendor PRs per week' } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
});
new Chart(document.getElementById('gates'), {
  type: 'bar',
  data: { labels: data.gates, datasets: data.profiles.map((p, i) => ({ label: p.name, data: p.failures, backgroundColor: palette[i % palette.length] })) },
  options: { animation: false, maintainAspectRatio: false, plugins: { title: { display: true, text: 'Failed evaluations per gate' } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
});
</script>
</body>
</html>
`;
}
