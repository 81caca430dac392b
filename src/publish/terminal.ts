import type { Report } from '../model.js';
import { renderJson } from '../report/json.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderText } from '../report/text.js';
import type { Publisher } from './port.js';

export type TerminalFormat = 'text' | 'markdown' | 'json';

/** The local command's publisher: the report on standard output, and the exit code it implies. */
export class TerminalPublisher implements Publisher {
  exitCode = 0;

  constructor(private readonly write: (text: string) => void, private readonly format: TerminalFormat) {}

  // A terminal has no log masking; the report itself is already scrubbed of every secret found.
  mask(): void {}

  publish(report: Report): Promise<void> {
    this.write(this.format === 'json' ? renderJson(report) : this.format === 'markdown' ? renderMarkdown(report) : renderText(report));
    this.exitCode = report.result === 'fail' ? 1 : report.result === 'error' ? 2 : 0;
    return Promise.resolve();
  }
}
