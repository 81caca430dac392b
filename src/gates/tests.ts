import type { ChangedFile } from '../facts/types.js';
import { firstPathMatch } from '../match.js';
import { quoted } from './commit-text.js';
import { plural, result, unlistedFiles, type Finding, type GateContext, type GateResult } from './types.js';

/** Source files named in the finding; the others are counted. */
const NAMED = 3;

/** Tests with the code: a pull request that adds code also adds or changes tests. */
export function testsGate(context: GateContext): GateResult {
  const { facts } = context;
  const { source, tests } = context.gates.tests;
  // What the pull request adds lines to: removing code or tests, or moving a file unchanged, needs no new tests.
  const adds = (f: ChangedFile) => f.status !== 'removed' && f.additions > 0;
  const isTest = (f: ChangedFile) => firstPathMatch(tests, f.path) !== undefined;
  const testFiles = facts.files.filter((f) => adds(f) && isTest(f));
  const sourceFiles = facts.files.filter((f) => adds(f) && !isTest(f) && firstPathMatch(source, f.path) !== undefined);
  const findings: Finding[] = [];
  if (sourceFiles.length > 0 && testFiles.length === 0) {
    const names = sourceFiles.slice(0, NAMED).map((f) => quoted(f.path, 80));
    const more = sourceFiles.length > NAMED ? ` and ${sourceFiles.length - NAMED} more` : '';
    findings.push({
      message: `This pull request adds code to ${plural(sourceFiles.length, 'source file')} (${names.join(', ')}${more}) but adds no tests.`,
      fix: `Add or update the tests of this change in the same pull request. Test files are the files that match ${tests.join(', ')}.`,
    });
    // Tests may sit among the files GitHub did not list.
    findings.push(...unlistedFiles(facts, () => 'the others could not be checked for tests'));
  }
  const counts = `${plural(sourceFiles.length, 'source file')} and ${plural(testFiles.length, 'test file')} changed`;
  return result('tests', findings, sourceFiles.length === 0 ? 'no source file changed' : counts, `${plural(sourceFiles.length, 'source file')} changed without tests`);
}
