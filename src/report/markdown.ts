import type { GateReport, Outcome, Report } from '../verdict.js';
import { code, escapeMarkdown as md } from './escape.js';

export const MARKER = '<!-- vendor-gate -->';
/** GitHub rejects comments over 65,536 characters; keep a margin for the API's own encoding. */
export const COMMENT_LIMIT = 65_000;

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
    case 'pass':
      return `## ✅ vendor-gate: all ${total} checks passed`;
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

function gateTable(gates: readonly GateReport[]): string[] {
  if (gates.length === 0) return [];
  return [
    '| Check | Result | Details |',
    '| --- | --- | --- |',
    ...gates.map((g) => `| ${md(g.title)} | ${outcomeText(g)} | ${md(g.summary)} |`),
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
  if (waiver.status === 'ignored') {
    return ['', '> [!NOTE]', `> The label ${code(waiver.label)} is ignored: ${md(waiver.reason ?? '')}. Only the people named in the policy can waive this check.`];
  }
  return [];
}

function findingLines(gate: GateReport, limit: number): string[] {
  const shown = gate.findings.slice(0, limit);
  const lines = shown.flatMap((f, i) => {
    const where = f.file === undefined ? '' : `${code(f.file)}${f.line === undefined ? '' : ` line ${f.line}`}: `;
    return [`${i + 1}. ${where}${md(f.message)}<br>**How to fix:** ${md(f.fix)}`];
  });
  const hidden = gate.findings.length - shown.length;
  if (hidden > 0) {
    lines.push(`\n…and ${hidden} more problem${hidden === 1 ? '' : 's'} of this check, listed in full in the job summary and the JSON report.`);
  }
  return lines;
}

function gateSections(report: Report, limit: number): string[] {
  return report.gates
    .filter((g) => g.findings.length > 0 || g.notes.length > 0)
    .flatMap((g) => [
      '',
      `### ${outcomeText(g).split(' ')[0] ?? ''} ${md(g.title)}`,
      ...(g.waived ? ['_Waived: these problems do not block merging._', ''] : g.outcome === 'warn' ? ['_This check is set to warn: it does not block merging._', ''] : []),
      ...findingLines(g, limit),
      ...g.notes.map((n) => `- ${md(n)}`),
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

function footer(report: Report, options: MarkdownOptions): string[] {
  const p = report.policy;
  const policy = p.builtIn ? 'built-in defaults' : `${code(p.path)}${p.sha ? ` at ${code(p.sha.slice(0, 12))}` : ''}`;
  const parts = [
    report.isVendor ? `Vendor PR: ${md(report.vendorReasons.join('; '))}` : 'Not a vendor PR',
    ...(report.profile ? [`Profile: ${md(report.profile)}`] : []),
    `Policy: ${policy} from the base branch ${code(report.pullRequest.baseRef)}`,
    `Mode: ${report.mode}`,
    `Checked commit: ${code(report.pullRequest.headSha.slice(0, 12))}`,
    ...(options.runUrl ? [`[Run details](${encodeURI(options.runUrl)})`] : []),
  ];
  return ['', `<sub>${parts.join(' · ')}</sub>`];
}

function errorSection(options: MarkdownOptions): string[] {
  if (!options.error) return [];
  return [
    '',
    'The check stopped before it could decide, so it reports an error. Nothing here is the fault of this pull request unless the message says so.',
    '',
    ...options.error.split('\n').map((line) => `> ${md(line)}`),
  ];
}

function render(report: Report, options: MarkdownOptions, limit: number): string {
  return [
    MARKER,
    headline(report),
    '',
    ...intro(report),
    ...errorSection(options),
    '',
    ...gateTable(report.gates),
    ...waiverNote(report),
    ...gateSections(report, limit),
    ...policyNote(report),
    ...footer(report, options),
    '',
  ].join('\n');
}

/** Renders within `maxLength` by listing fewer findings per check, never by cutting text in half. */
export function renderMarkdown(report: Report, options: MarkdownOptions = {}, maxLength = COMMENT_LIMIT): string {
  for (const limit of [Infinity, 100, 50, 20, 10, 5, 3, 1, 0]) {
    const text = render(report, options, limit);
    if (text.length <= maxLength) return text;
  }
  return render({ ...report, gates: report.gates.map((g) => ({ ...g, notes: [] })) }, {}, 0);
}
