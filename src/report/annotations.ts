import type { Report } from '../model.js';
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
  for (const gate of report.gates) {
    if (gate.outcome !== 'fail' && gate.outcome !== 'warn') continue;
    const level = gate.outcome === 'fail' && report.mode === 'enforce' ? 'error' : 'warning';
    for (const f of gate.findings) {
      list.push({
        level,
        title: `vendor-gate: ${gate.title}`,
        message: `${clipText(visible(f.message))} How to fix: ${clipText(visible(f.fix))}`,
        ...(f.file !== undefined ? { file: f.file } : {}),
        ...(f.line !== undefined ? { line: f.line } : {}),
      });
    }
  }
  return list.slice(0, ANNOTATION_LIMIT);
}
