import { firstPathMatch } from '../match.js';
import { plural, result, type Finding, type GateContext, type GateResult } from './types.js';

/** Keeps PRs reviewable: counts files and changed lines, leaving out generated files. */
export function sizeGate(context: GateContext): GateResult {
  const { facts } = context;
  const { max_files: maxFiles, max_lines: maxLines, ignore } = context.gates.size;
  const ignored = facts.files.filter((f) => firstPathMatch(ignore, f.path));
  // Files beyond GitHub's listing limit are counted too: the PR totals include them.
  const fileCount = Math.max(facts.filesListing.expected, facts.files.length) - ignored.length;
  const lineCount = facts.additions + facts.deletions - ignored.reduce((sum, f) => sum + f.additions + f.deletions, 0);
  const findings: Finding[] = [];
  const split = 'Split the pull request into smaller ones that can each be reviewed on their own.';
  if (fileCount > maxFiles) {
    findings.push({ message: `This pull request changes ${plural(fileCount, 'file')}; the limit is ${maxFiles}.`, fix: split });
  }
  if (lineCount > maxLines) {
    findings.push({ message: `This pull request changes ${plural(lineCount, 'line')}; the limit is ${maxLines}.`, fix: split });
  }
  const note = ignored.length > 0 ? [`${plural(ignored.length, 'file')} not counted (${ignore.join(', ')})`] : [];
  const measured = `${plural(fileCount, 'file')}, ${plural(lineCount, 'line')} changed`;
  return result('size', findings, `${measured} (limits ${maxFiles} files, ${maxLines} lines)`, `${measured}: over the limit`, note);
}
