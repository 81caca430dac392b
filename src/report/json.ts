import type { Report } from '../model.js';
import type { HistoryEntry } from './history.js';

export const REPORT_FORMAT_VERSION = 1;

/** The machine-readable report: stable keys, for other tools and for the `report` output. */
export function renderJson(report: Report, history?: HistoryEntry): string {
  return `${JSON.stringify({ formatVersion: REPORT_FORMAT_VERSION, ...report, ...(history ? { history } : {}) }, null, 2)}\n`;
}
