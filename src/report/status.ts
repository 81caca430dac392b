import type { Report, StatusState } from '../model.js';
import { visible } from './escape.js';

/** GitHub cuts commit status descriptions at 140 characters. */
export const STATUS_DESCRIPTION_LIMIT = 140;

/** One line of at most `limit` UTF-16 units, cut between code points, without invisible characters. */
export function clip(text: string, limit = STATUS_DESCRIPTION_LIMIT): string {
  const oneLine = visible(text).replace(/\s+/g, ' ').trim();
  if (oneLine.length <= limit) return oneLine;
  let cut = '';
  for (const point of oneLine) {
    if (cut.length + point.length > limit - 1) break;
    cut += point;
  }
  return `${cut}…`;
}

/** The first line of an error, with the line after it when it ends with a colon ("…is not valid (2 problems):"), so that it says what failed. */
function headOf(error: string): string {
  const lines = error.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const first = lines[0] ?? '';
  return first.endsWith(':') && lines[1] !== undefined ? `${first} ${lines[1]}` : first;
}

export function statusFor(report: Report, error?: string): { state: StatusState; description: string } {
  const enforce = report.mode === 'enforce';
  const warned = report.gates.filter((g) => g.outcome === 'warn').map((g) => g.id);
  switch (report.result) {
    case 'skip':
      return { state: 'success', description: clip(report.reason ?? 'Nothing to check') };
    case 'error':
      return {
        state: enforce ? 'error' : 'success',
        description: clip(`${enforce ? '' : 'Report only. '}Could not check: ${headOf(error ?? report.reason ?? 'unknown error')}`),
      };
    case 'fail':
      return {
        state: enforce ? 'failure' : 'success',
        description: clip(`${enforce ? 'Failed' : 'Report only, would fail'}: ${report.failedGates.join(', ')}`),
      };
    case 'pass': {
      const checked = report.gates.filter((g) => g.outcome !== 'off' && g.outcome !== 'skip').length;
      const waived = report.gates.filter((g) => g.waived).map((g) => g.id);
      const description =
        waived.length > 0
          ? `Waived by ${report.waiver.by ?? 'a maintainer'}: ${waived.join(', ')}`
          : warned.length > 0
            ? `Passed with warnings: ${warned.join(', ')}`
            : `All ${checked} checks passed`;
      return { state: 'success', description: clip(description) };
    }
  }
}
