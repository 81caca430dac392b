import { quoteUntrusted } from '../secrets/quote.js';
import { CoverageParseError, MAX_LINE_NUMBER, setLine, type CoverageFormat, type CoverageSink } from './types.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

function lineOf(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** V8 quotes the input around a syntax error (`Unexpected token 'g', "{"a": ghp_abcdef"... is not valid JSON`): never repeat it. */
function withoutSnippet(message: string): string {
  return message.replace(/, ".*?"(?:\.\.\.)? is not valid JSON$/s, '');
}

/** JSON.parse with the failing line in the error (Node 20 names only a character position). */
function parseJson(origin: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const line = /line (\d+)/.exec(message);
    throw new CoverageParseError(origin, line ? Number(line[1]) : position ? lineOf(text, Number(position[1])) : undefined, `not valid JSON: ${withoutSnippet(message)}`);
  }
}

/**
 * Istanbul's coverage-final.json (a line's hits are the highest count of the statements that
 * start on it, as istanbul-lib-coverage computes them) and coverage-summary.json (totals only).
 */
export function parseIstanbul(origin: string, text: string, sink: CoverageSink): Extract<CoverageFormat, 'istanbul-final' | 'istanbul-summary' | 'coverage-py-json'> {
  const data = parseJson(origin, text);
  if (!isObject(data)) throw new CoverageParseError(origin, 1, 'expected a JSON object of files (Istanbul coverage-final.json or coverage-summary.json, or coverage.py\'s coverage json)');
  if (isObject(data.meta) && isObject(data.files)) {
    parseCoveragePy(origin, data.files, sink);
    return 'coverage-py-json';
  }
  const entries = Object.entries(data);
  const summary = isObject(data.total) && isObject(data.total.lines);
  for (const [key, value] of entries) {
    const where = `the entry ${quoteUntrusted(key.slice(0, 200), 80)}`;
    if (!isObject(value)) throw new CoverageParseError(origin, undefined, `${where} is not an object`);
    if (summary) {
      if (key === 'total') continue;
      const lines = value.lines;
      if (!isObject(lines) || !isCount(lines.total) || !isCount(lines.covered)) {
        throw new CoverageParseError(origin, undefined, `${where} has no lines.total and lines.covered counts`);
      }
      const file = sink.file(key);
      file.totalsOnly = true;
      file.executable = Math.round(lines.total);
      file.covered = Math.min(Math.round(lines.covered), file.executable);
      const branches = value.branches;
      if (isObject(branches) && isCount(branches.total) && isCount(branches.covered) && branches.total > 0) {
        file.branches = { total: branches.total, covered: Math.min(branches.covered, branches.total) };
      }
      continue;
    }
    const { statementMap, s } = value;
    if (!isObject(statementMap) || !isObject(s)) throw new CoverageParseError(origin, undefined, `${where} has no statementMap and s (statement counts)`);
    const file = sink.file(typeof value.path === 'string' && value.path !== '' ? value.path : key);
    for (const [id, statement] of Object.entries(statementMap)) {
      const start = isObject(statement) ? statement.start : undefined;
      const line = isObject(start) ? start.line : undefined;
      const hits = s[id];
      if (typeof line !== 'number' || !Number.isInteger(line) || line < 1 || line > MAX_LINE_NUMBER || !isCount(hits)) {
        throw new CoverageParseError(origin, undefined, `${where}: statement ${quoteUntrusted(id.slice(0, 200))} needs start.line from 1 to ${MAX_LINE_NUMBER} and a count in s`);
      }
      setLine(file, line, Math.ceil(hits));
    }
    const { branchMap, b } = value;
    if (isObject(branchMap) && isObject(b)) {
      let total = 0;
      let covered = 0;
      for (const counts of Object.values(b)) {
        if (!Array.isArray(counts)) continue;
        for (const count of counts) {
          total++;
          if (isCount(count) && count > 0) covered++;
        }
      }
      if (total > 0) file.branches = { total, covered };
    }
  }
  return summary ? 'istanbul-summary' : 'istanbul-final';
}

/** The line numbers of a coverage.py list, checked; line 0 (an empty module that ran) is counted apart. */
function lineList(origin: string, where: string, name: string, value: unknown): number[] {
  if (!Array.isArray(value) || !value.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_LINE_NUMBER)) {
    throw new CoverageParseError(origin, undefined, `${where}: ${name} must be a list of line numbers from 0 to ${MAX_LINE_NUMBER}`);
  }
  return value as number[];
}

/** coverage.py's `coverage json` (`meta` + `files`): executed and missing lines per file, branch counts in each summary. */
function parseCoveragePy(origin: string, files: Json, sink: CoverageSink): void {
  let lineZero = 0;
  for (const [name, value] of Object.entries(files)) {
    const where = `the file ${quoteUntrusted(name.slice(0, 200), 80)}`;
    if (!isObject(value)) throw new CoverageParseError(origin, undefined, `${where} is not an object`);
    const file = sink.file(name);
    for (const [list, hits] of [['executed_lines', 1], ['missing_lines', 0]] as const) {
      for (const line of lineList(origin, where, list, value[list])) {
        if (line === 0) lineZero++;
        else setLine(file, line, hits);
      }
    }
    const summary = value.summary;
    if (isObject(summary) && isCount(summary.num_branches) && isCount(summary.covered_branches) && summary.num_branches > 0) {
      file.branches = { total: summary.num_branches, covered: Math.min(summary.covered_branches, summary.num_branches) };
    }
  }
  if (lineZero > 0) sink.notes.push(`${origin}: ${lineZero} executed line 0 (coverage.py's mark of an empty module that ran) left out of the counts: no source file has a line 0.`);
}
