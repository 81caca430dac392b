import { formatRanges, percent, type CoverageDetails } from '../coverage/changed.js';
import type { Finding, GateReport, Outcome, Report } from '../model.js';
import { COMMENT_MARKER } from '../model.js';
import { MASK } from '../secrets/redact.js';
import { waiverRecordLine } from '../waiver.js';
import { code, escapeMarkdown as md } from './escape.js';

export const MARKER = COMMENT_MARKER;
/** GitHub rejects comments over 65,536 characters; keep a margin for the API's own encoding. */
export const COMMENT_LIMIT = 65_000;
/** GitHub refuses a job summary over 1 MiB, counted in bytes. */
export const SUMMARY_LIMIT = 1_000_000;
/** A gate's one-line summary in the table: short enough that the table always fits. */
const CELL_LIMIT = 300;

const OUTCOME: Record<Outcome, string> = {
  pass: '✅ Passed',
  fail: '❌ Failed',
  warn: '⚠️ Warning',
  skip: '➖ Skipped',
  off: '➖ Off',
};

export interface MarkdownOptions {
  /** Link to the workflow run, for "details". */
  runUrl?: string;
  /** The policy error of a run that could not decide. */
  error?: string;
}

function headline(report: Report): string {
  const failed = report.failedGates.length;
  const total = report.gates.filter((g) => g.outcome !== 'off' && g.outcome !== 'skip').length;
  switch (report.result) {
    case 'error':
      return '## ⚠️ vendor-gate could not check this pull request';
    case 'skip':
      return `## ✅ vendor-gate: ${md(report.reason ?? 'nothing to check')}`;
    case 'pass': {
      const waived = report.gates.filter((g) => g.waived).length;
      if (waived > 0) {
        return `## ⚠️ vendor-gate: waived by ${md(report.waiver.by ?? 'a maintainer')}: ${waived} of ${total} checks failed and count as warnings`;
      }
      return `## ✅ vendor-gate: all ${total} checks passed`;
    }
    case 'fail':
      return report.mode === 'report'
        ? `## 🔎 vendor-gate (report only): ${failed} of ${total} checks would fail`
        : `## ❌ vendor-gate: ${failed} of ${total} checks failed, so this pull request cannot be merged yet`;
  }
}

function intro(report: Report): string[] {
  const lines: string[] = [];
  if (report.result === 'fail') {
    lines.push('Each problem below says what is wrong, where, and how to fix it. Push a fix and this comment updates itself.');
  }
  if (report.mode === 'report') {
    lines.push('This check runs in **report-only** mode: it shows problems but does not block merging yet.');
  }
  return lines;
}

function outcomeText(gate: GateReport): string {
  return gate.waived ? '⚠️ Waived' : OUTCOME[gate.outcome];
}

/** Gates that are off are named in the footer, not the table: the table lists what was checked. */
function gateTable(gates: readonly GateReport[]): string[] {
  const shown = gates.filter((g) => g.outcome !== 'off');
  if (shown.length === 0) return [];
  return [
    '| Check | Result | Details |',
    '| --- | --- | --- |',
    ...shown.map((g) => `| ${md(g.title)} | ${outcomeText(g)} | ${md(g.summary, CELL_LIMIT)} |`),
  ];
}

function waiverNote(report: Report): string[] {
  const { waiver } = report;
  if (waiver.status === 'applied') {
    const waived = report.gates.filter((g) => g.waived).map((g) => md(g.title));
    return [
      '',
      '> [!WARNING]',
      `> **Waived by ${md(waiver.by ?? '')}** with the label ${code(waiver.label)}${waived.length > 0 ? `: ${waived.join(', ')} failed, and count as warnings` : ''}. Problems that the policy does not let anyone waive still fail.`,
    ];
  }
  if (waiver.status === 'lapsed') {
    return [
      '',
      '> [!CAUTION]',
      `> **The waiver no longer applies.** The label ${code(waiver.label)} is still on this pull request, but ${md(waiver.reason ?? '')}. A waiver covers only the commit that was reviewed.`,
      `> To waive again: review the new commits, then remove the label and apply it again.`,
    ];
  }
  if (waiver.status === 'ignored') {
    return ['', '> [!NOTE]', `> The label ${code(waiver.label)} is ignored: ${md(waiver.reason ?? '')}. Only the people named in the policy can waive this check.`];
  }
  return [];
}

/** Links into the repository at the checked commit, when the report knows where the pull request lives. */
export interface Links {
  file: (path: string, line?: number) => string | undefined;
  commit: (sha: string) => string | undefined;
}

// Only a pull request URL of the usual shape gives the repository's address; anything else gets no links.
const PULL_URL = /^(https:\/\/[^/\s]+\/[^/\s]+\/[^/\s]+)\/pull\/\d+$/;
// encodeURIComponent leaves these, and a ")" would end a Markdown link early.
const linkSafe = (segment: string): string => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function linksFor(report: Report): Links {
  const repository = PULL_URL.exec(report.pullRequest.url ?? '')?.[1];
  const sha = /^[0-9a-f]{40}$/.test(report.pullRequest.headSha) ? report.pullRequest.headSha : undefined;
  if (repository === undefined || sha === undefined) return { file: () => undefined, commit: () => undefined };
  return {
    file: (path, line) => `${repository}/blob/${sha}/${path.split('/').map(linkSafe).join('/')}${line === undefined ? '' : `#L${line}`}`,
    commit: (commit) => (/^[0-9a-f]{40}$/.test(commit) ? `${repository}/commit/${commit}` : undefined),
  };
}

const MAX_LINKED_PATH = 400;

/** Where a finding is: the file (and line), linked to the checked commit when possible. */
function place(f: Finding, links: Links): string {
  if (f.file === undefined) return '';
  const name = code(f.file);
  // The name shown is clipped; a link holds the whole path, so a very long one gets none, nor one whose secret was masked.
  const url = f.file.length <= MAX_LINKED_PATH && !f.file.includes(MASK) ? links.file(f.file, f.line) : undefined;
  const where = url === undefined ? name : `[${name}](${url})`;
  return f.line === undefined ? where : `${where} line ${f.line}`;
}

/** A fix's commands as a shell block inside a list item; a backtick or a line break could not come from a gate, but is refused anyway. */
function commandBlock(commands: readonly string[] | undefined): string[] {
  if (commands === undefined || commands.length === 0) return [];
  return ['', '   ```sh', ...commands.map((c) => `   ${c.replace(/[`\r\n]/g, ' ')}`), '   ```'];
}

/** A finding's message, its commit's short SHA (its first mention) linked to the commit. */
function messageOf(f: Finding, links: Links): string {
  const text = md(f.message);
  const url = f.commit === undefined ? undefined : links.commit(f.commit);
  const short = f.commit?.slice(0, 12) ?? '';
  return url === undefined || short.length < 7 || !text.includes(short) ? text : text.replace(short, `[${short}](${url})`);
}

/** Findings with the same fix, in the order their first one was found. */
function groupByFix(findings: readonly Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const group = groups.get(f.fix);
    if (group) group.push(f);
    else groups.set(f.fix, [f]);
  }
  return [...groups.values()];
}

/** A long list is folded: the comment stays short, and one click shows it. */
const FOLD_FROM = 4;

/**
 * One numbered item per fix: a problem found in 200 files is one line with a count, its files in a
 * folded list and its fix once, not 200 repetitions. `limit` bounds the entries listed per item.
 */
function findingLines(gate: GateReport, limit: number, links: Links): string[] {
  const lines: string[] = [];
  let hidden = 0;
  groupByFix(gate.findings).forEach((group, i) => {
    const first = group[0] as Finding;
    if (group.length === 1) {
      const where = place(first, links);
      lines.push(`${i + 1}. ${where === '' ? '' : `${where}: `}${messageOf(first, links)}<br>**How to fix:** ${md(first.fix)}`, ...commandBlock(first.commands));
      return;
    }
    const sameProblem = group.every((f) => f.message === first.message);
    const inFiles = group.every((f) => f.file !== undefined);
    const noun = inFiles && group.every((f) => f.line === undefined) ? 'files' : 'places';
    lines.push(sameProblem ? `${i + 1}. The same problem in ${group.length} ${noun}: ${md(first.message)}` : `${i + 1}. ${group.length} problems with the same fix:`);
    const shown = group.slice(0, limit);
    hidden += group.length - shown.length;
    const entries = shown.map((f) => {
      const where = place(f, links);
      return `   - ${sameProblem ? where : `${where === '' ? '' : `${where}: `}${messageOf(f, links)}`}`;
    });
    if (entries.length > 0 && group.length >= FOLD_FROM) {
      lines.push('   <details><summary>Show all ' + `${group.length} ${sameProblem ? noun : 'problems'}</summary>`, '', ...entries, '', '   </details>', '');
    } else {
      lines.push(...entries);
    }
    lines.push(`   **How to fix** (${group.length === 2 ? 'both' : `all ${group.length}`}): ${md(first.fix)}`, ...commandBlock(first.commands));
  });
  if (hidden > 0) {
    lines.push(`\n…and ${hidden} more place${hidden === 1 ? '' : 's'} of these problems, listed in full in the job summary and the JSON report.`);
  }
  return lines;
}

const MISSING_CELL: Record<CoverageDetails['missing'][number]['reason'], string> = {
  'not-in-report': 'in no coverage report',
  ambiguous: 'report path fits several files',
  'totals-only': 'totals only in the report',
  'no-diff': 'no diff from GitHub',
};

const pct = (value: number | null): string => (value === null ? 'n/a' : `${value}%`);

/** Totals and a table of the changed files: what was measured, whatever the outcome. */
export function coverageLines(details: CoverageDetails, limit: number): string[] {
  const { total, changed } = details;
  const branches = total.branches && total.branches.total > 0 ? `; branches ${pct(percent(total.branches.covered, total.branches.total))}` : '';
  const lines = [
    '',
    `**Changed lines:** ${pct(changed.percent)} (${changed.covered} of ${changed.lines} added executable lines)` +
      (changed.applied ? `, policy ${changed.threshold}%` : `, policy ${changed.threshold}% not applied below ${changed.minLines} lines`) +
      ` · **Total:** ${pct(total.percent)} (${total.covered} of ${total.lines} lines${branches})${total.threshold > 0 ? `, policy ${total.threshold}%` : ''}`,
  ];
  // Files with untested lines first; the table is summarised by row count, never cut in the middle.
  const rows = [...details.files].sort((a, b) => b.executable - b.covered - (a.executable - a.covered) || a.path.localeCompare(b.path));
  const missing = details.missing.map((m) => `| ${code(m.path)} | – | ${MISSING_CELL[m.reason]} |`);
  const measured = rows.map((f) => `| ${code(f.path)} | ${f.covered} / ${f.executable} | ${f.uncovered.length === 0 ? '' : md(formatRanges(f.uncovered))} |`);
  const all = [...missing, ...measured];
  const shown = all.slice(0, Math.max(limit, 5));
  if (shown.length > 0) {
    lines.push('', '| Changed file | Covered / executable added lines | Not covered |', '| --- | --- | --- |', ...shown);
    if (all.length > shown.length) lines.push('', `…and ${all.length - shown.length} more files, listed in the JSON report.`);
  }
  if (details.reports.length > 0) {
    lines.push('', `<sub>Reports: ${details.reports.map((r) => `${code(r.origin)} (${r.format})`).join(', ')}</sub>`);
  }
  return lines;
}

function gateSections(report: Report, limit: number, links: Links): string[] {
  return report.gates
    .filter((g) => g.findings.length > 0 || g.notes.length > 0 || g.coverage)
    .flatMap((g) => [
      '',
      `### ${outcomeText(g).split(' ')[0] ?? ''} ${md(g.title)}`,
      ...(g.waived ? ['_Waived: these problems do not block merging._', ''] : g.outcome === 'warn' ? ['_This check is set to warn: it does not block merging._', ''] : []),
      ...findingLines(g, limit, links),
      ...g.notes.map((n) => `- ${md(n)}`),
      ...(g.coverage ? coverageLines(g.coverage, limit) : []),
    ]);
}

function policyNote(report: Report): string[] {
  if (!report.policyChangedByPr) return [];
  return [
    '',
    '> [!NOTE]',
    `> This pull request changes the policy file ${code(report.policy.path)}. That change was ignored: the policy of the base branch applies. A maintainer must merge a policy change on its own.`,
  ];
}

function footer(report: Report, options: MarkdownOptions, links: Links): string[] {
  const p = report.policy;
  const policy = `${p.builtIn ? 'built-in defaults' : `${code(p.path)}${p.sha ? ` at ${code(p.sha.slice(0, 12))}` : ''}`}${p.floors?.length ? `, on the floor of ${p.floors.map((f) => code(f)).join(', ')}` : ''}`;
  const head = code(report.pullRequest.headSha.slice(0, 12));
  const commitUrl = links.commit(report.pullRequest.headSha);
  const parts = [
    // A run that stopped early never decided whether the author is a vendor.
    ...(report.result === 'error' ? [] : [report.isVendor ? `Vendor PR: ${md(report.vendorReasons.join('; '))}` : 'Not a vendor PR']),
    ...(report.profile ? [`Profile: ${md(report.profile)}`] : []),
    p.central ? `Policy: ${policy}, the organisation's policy (the repository has no policy file)` : `Policy: ${policy} from the base branch ${code(report.pullRequest.baseRef)}`,
    ...(report.gates.some((g) => g.outcome === 'off') ? [`Not checked (off in the policy): ${report.gates.filter((g) => g.outcome === 'off').map((g) => md(g.title)).join(', ')}`] : []),
    `Mode: ${report.mode}`,
    `Checked commit: ${commitUrl === undefined ? head : `[${head}](${commitUrl})`}`,
    ...(options.runUrl ? [`[Run details](${encodeURI(options.runUrl)})`] : []),
  ];
  return ['', `<sub>${parts.join(' · ')}</sub>`];
}

/** Hidden lines that later runs read back from the sticky comment. */
function recordLines(report: Report): string[] {
  const line = report.waiver.record ? waiverRecordLine(report.waiver.record) : undefined;
  return line === undefined ? [] : [line];
}

function errorSection(options: MarkdownOptions, limit: number): string[] {
  if (!options.error) return [];
  const lines = options.error.split('\n');
  // A policy with thousands of problems: the first ones say what to fix, the log has the rest.
  const shown = lines.slice(0, Math.max(limit, 5));
  const hidden = lines.length - shown.length;
  return [
    '',
    'The check stopped before it could decide, so it reports an error. Nothing here is the fault of this pull request unless the message says so.',
    '',
    ...shown.map((line) => `> ${md(line)}`),
    ...(hidden > 0 ? [`> …and ${hidden} more lines of this error, in the log of the run.`] : []),
  ];
}

function render(report: Report, options: MarkdownOptions, limit: number): string {
  const links = linksFor(report);
  const text = [
    MARKER,
    headline(report),
    '',
    ...intro(report),
    ...errorSection(options, limit),
    '',
    ...gateTable(report.gates),
    ...waiverNote(report),
    ...gateSections(report, limit, links),
    ...policyNote(report),
    ...footer(report, options, links),
    ...recordLines(report),
    '',
  ].join('\n');
  // Sections that are empty for this run would leave runs of blank lines.
  return text.replace(/\n{3,}/g, '\n\n');
}

/** The last resort: the verdict and the whole gate table, which every clipped cell keeps small. */
function brief(report: Report): string {
  return [
    MARKER,
    headline(report),
    '',
    'The full report is too long for this comment: it is in the job summary and the JSON report of the run.',
    '',
    ...gateTable(report.gates),
    ...recordLines(report),
    '',
  ].join('\n');
}

/** Renders within `maxLength` (as `size` measures it) by listing fewer findings per check, never by cutting text or a table in half. */
export function renderMarkdown(report: Report, options: MarkdownOptions = {}, maxLength = COMMENT_LIMIT, size = (text: string) => text.length): string {
  for (const limit of [Infinity, 100, 50, 20, 10, 5, 3, 1, 0]) {
    const text = render(report, options, limit);
    if (size(text) <= maxLength) return text;
  }
  const withoutNotes = render({ ...report, gates: report.gates.map((g) => ({ ...g, notes: [] })) }, options, 0);
  if (size(withoutNotes) <= maxLength) return withoutNotes;
  const last = brief(report);
  if (size(last) <= maxLength) return last;
  return `${MARKER}\n${headline(report)}\n`;
}

/** The job summary: the same report, within GitHub's byte limit. */
export function renderSummary(report: Report, options: MarkdownOptions = {}): string {
  return renderMarkdown(report, options, SUMMARY_LIMIT, (text) => Buffer.byteLength(text));
}
