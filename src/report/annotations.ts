import type { Finding, Report } from '../model.js';
import { clipText, visible } from './escape.js';

export interface Annotation {
  level: 'error' | 'warning';
  title: string;
  message: string;
  file?: string;
  line?: number;
}

/** GitHub shows at most 10 annotations of each level per step; the rest only clutter the log. */
export const ANNOTATION_LIMIT = 50;

export function annotations(report: Report): Annotation[] {
  const list: Annotation[] = [];
  const push = (level: Annotation['level'], title: string, f: Finding, fix: string): void => {
    list.push({
      level,
      title,
      message: `${clipText(visible(f.message))} ${fix}${clipText(visible(f.fix))}${f.commands === undefined ? '' : ` Run: ${clipText(visible(f.commands.join('; ')))}`}`,
      ...(f.file !== undefined ? { file: f.file } : {}),
      ...(f.line !== undefined ? { line: f.line } : {}),
    });
  };
  for (const gate of report.gates) {
    if (gate.outcome === 'fail' || gate.outcome === 'warn') {
      const level = gate.outcome === 'fail' && report.mode === 'enforce' ? 'error' : 'warning';
      for (const f of gate.findings) push(level, `vendor-gate: ${gate.title}`, f, 'How to fix: ');
    }
    // Findings that do not fail the gate (low-confidence possible secrets) are warnings on their line.
    if (gate.outcome === 'off' || gate.outcome === 'skip') continue;
    for (const f of gate.advisories ?? []) push('warning', `vendor-gate: ${gate.title} (possible, not failing)`, f, '');
  }
  return list.slice(0, ANNOTATION_LIMIT);
}
