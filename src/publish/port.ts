import type { Report } from '../model.js';

/** Where a decision goes: GitHub (status, comment, summary, annotations, outputs, files) or a terminal. */
export interface Publisher {
  /** Registers secret values before anything could print them (the runner masks them in every later log line). */
  mask(values: Iterable<string>): void;
  publish(report: Report): Promise<void>;
}
