import type { Outcome, Report } from '../model.js';
import { escapeTerminal as t } from './escape.js';

const MARK: Record<Outcome, string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', skip: 'SKIP', off: 'OFF ' };

/** The report for a terminal: plain text, every untrusted string stripped of control characters. */
export function renderText(report: Report): string {
  const lines: string[] = [];
  const verdict =
    report.result === 'fail'
      ? `FAILED: ${report.failedGates.join(', ')}${report.mode === 'report' ? ' (report only: would not block)' : ''}`
      : report.result === 'pass'
        ? 'PASSED'
        : report.result === 'skip'
          ? `SKIPPED: ${report.reason ?? ''}`
          : 'ERROR: could not decide';
  lines.push(`vendor-gate ${verdict}`);
  const pr = report.pullRequest;
  lines.push(pr.number === undefined ? `Compared ${t(pr.baseRef)}..${pr.headSha.slice(0, 12)}` : `Pull request #${pr.number} at ${pr.headSha.slice(0, 12)}`);
  if (report.result === 'error' && report.reason) lines.push(...report.reason.split('\n').map((l) => `  ${t(l)}`));
  const width = Math.max(0, ...report.gates.map((g) => g.title.length));
  for (const gate of report.gates) {
    lines.push(`  ${MARK[gate.outcome]}  ${gate.title.padEnd(width)}  ${t(gate.summary)}`);
    for (const f of gate.findings) {
      const where = f.file === undefined ? '' : `${t(f.file)}${f.line === undefined ? '' : `:${f.line}`}: `;
      lines.push(`          ${where}${t(f.message)}`, `            fix: ${t(f.fix)}`, ...(f.commands ?? []).map((c) => `              $ ${t(c)}`));
    }
    for (const note of gate.notes) lines.push(`          note: ${t(note)}`);
  }
  const p = report.policy;
  lines.push(`Policy: ${p.builtIn ? 'built-in defaults' : `${t(p.path)}${p.sha ? ` at ${p.sha.slice(0, 12)}` : ''}`}${p.floors?.length ? `, on the floor of ${p.floors.map((f) => t(f)).join(', ')}` : ''}`);
  if (report.waiver.status === 'applied') lines.push(`Waived by ${t(report.waiver.by ?? '')} with the label "${t(report.waiver.label)}".`);
  if (report.waiver.status === 'lapsed') lines.push(`The waiver no longer applies: ${t(report.waiver.reason ?? '')}. Review the new commits, then remove the label and apply it again.`);
  if (report.waiver.status === 'ignored') lines.push(`The label "${t(report.waiver.label)}" is ignored: ${t(report.waiver.reason ?? '')}.`);
  if (report.policyChangedByPr) lines.push(`Note: this change edits ${t(p.path)}; the base version of the policy was applied.`);
  if (report.vendorReasons.length > 0) lines.push(`Vendor: ${t(report.vendorReasons.join('; '))}`);
  return `${lines.join('\n')}\n`;
}
