import { addedLines } from '../diff/patch.js';
import type { ChangedFile, CommitFact, PullRequestFacts } from '../facts/types.js';
import { identityText, samePerson, type Identity } from '../identity.js';
import { firstPathMatch } from '../match.js';
import type { Gates } from '../policy/types.js';
import { remediations, signOffs } from '../trailers.js';
import { commitName, quoted, rewriteBranch } from './commit-text.js';
import { plural, result, skipped, unlistedCommits, unlistedFiles, type Finding, type GateContext, type GateResult } from './types.js';

type LicenseHeader = NonNullable<Gates['legal']['license_header']>;

/** A `Signed-off-by:` written anywhere, also where git does not read it as a trailer. */
const SIGN_OFF_ANYWHERE = /^[ \t]*signed-off-by:/im;

/** Whether remediation commits count; undefined when the policy asks for no sign-off at all. */
function dcoSettings(dco: Gates['legal']['dco']): { remediation: boolean } | undefined {
  if (dco === false) return undefined;
  return { remediation: dco !== true && dco.remediation_commits === true };
}

/**
 * Commits that a later commit of the same author signs off for them, with a DCO-app remediation line
 * that names the author of the commit it is in. A commit can only name a commit made before it.
 */
function remediated(commits: readonly CommitFact[]): Array<{ sha: string; by: Identity }> {
  return commits.flatMap((c) => remediations(c.message).filter((r) => samePerson(r, c.author)).map((r) => ({ sha: r.sha, by: c.author })));
}

/** Why the commit is not signed off by its author, or undefined when it is. */
function signOffProblem(commit: CommitFact, covered: ReadonlyArray<{ sha: string; by: Identity }>): string | undefined {
  const found = signOffs(commit.message);
  if (found.some((s) => samePerson(s, commit.author))) return undefined;
  if (covered.some((r) => commit.sha.toLowerCase().startsWith(r.sha) && samePerson(r.by, commit.author))) return undefined;
  const author = quoted(identityText(commit.author));
  const [other] = found;
  if (other) return `is signed off by ${quoted(identityText(other))}, not by its author ${author}: the name and the email must both match.`;
  if (SIGN_OFF_ANYWHERE.test(commit.message)) return `has a Signed-off-by line, but not in the last paragraph of its message, where git reads it.`;
  return `is not signed off: its message has no Signed-off-by line for its author ${author}.`;
}

function dcoFindings(facts: PullRequestFacts, remediation: boolean): { findings: Finding[]; unsigned: number; checked: number; merges: number } {
  const covered = remediation ? remediated(facts.commits) : [];
  const fix = "Sign off every commit and push the branch again, with these commands in your clone of it. git signs off with your user.name and user.email (git config), so set them to the author's name and email first.";
  const commands = rewriteBranch(facts, '--signoff');
  const findings: Finding[] = [];
  let merges = 0;
  for (const commit of facts.commits) {
    // A merge commit holds no new work of its own (as in the DCO app).
    if (commit.parents > 1) {
      merges++;
      continue;
    }
    const problem = signOffProblem(commit, covered);
    if (problem) findings.push({ commit: commit.sha, message: `Commit ${commitName(commit)} ${problem}`, fix, commands });
  }
  const unlisted = unlistedCommits(facts, (others) => `the other ${others} could not be checked for a sign-off`);
  return { findings: [...findings, ...unlisted], unsigned: findings.length, checked: facts.commits.length - merges, merges };
}

/**
 * The first `lines` lines of a file as a reader sees them: a byte order mark and a first `#!` line
 * (which must stay first) are not part of the header, and Windows line ends are plain line ends.
 */
export function headerWindow(fileLines: readonly string[], lines: number): string[] {
  const text = fileLines.map((l) => l.replace(/\r$/, ''));
  if (text[0] !== undefined) text[0] = text[0].replace(/^\uFEFF/, '');
  const start = text[0]?.startsWith('#!') ? 1 : 0;
  return text.slice(start, start + lines);
}

/** Whether `expected` (one line or several) stands within the first `lines` lines. */
export function hasHeader(fileLines: readonly string[], expected: string, lines: number): boolean {
  return headerWindow(fileLines, lines).join('\n').includes(expected.replace(/\r\n?/g, '\n').trim());
}

/** The lines a new file holds: every line of its patch is added; without a patch, the file as read at the head commit. */
function newFileLines(file: ChangedFile): string[] | undefined {
  if (file.patch !== undefined) return addedLines(file.patch).sort((a, b) => a.line - b.line).map((l) => l.text);
  return file.content?.split('\n');
}

function headerFindings(facts: PullRequestFacts, header: LicenseHeader): { findings: Finding[]; missing: number; checked: number } {
  const findings: Finding[] = [];
  const wanted = quoted(header.text.trim());
  let checked = 0;
  // Only files the pull request adds: a rename or a change of an existing file keeps the header it had.
  for (const file of facts.files.filter((f) => f.status === 'added' && !f.binary && firstPathMatch(header.paths, f.path))) {
    const lines = newFileLines(file);
    if (lines === undefined || file.unreadable !== undefined) {
      findings.push({
        file: file.path,
        message: `This new file could not be read, so its licence header could not be checked: ${file.unreadable ?? 'its content was not available'}.`,
        fix: `Make sure the file starts with ${wanted}, and ask a maintainer to check it by hand.`,
      });
      continue;
    }
    // An empty file holds no work to license.
    if (lines.every((l) => l.trim() === '')) continue;
    checked++;
    if (hasHeader(lines, header.text, header.lines)) continue;
    findings.push({
      file: file.path,
      message: `This new file has no licence header: expected ${wanted} within its first ${plural(header.lines, 'line')}.`,
      fix: `Add ${wanted} at the top of the file, in a comment (after the #! line, if there is one).`,
    });
  }
  const unlisted = unlistedFiles(facts, () => 'the others could not be checked for a licence header');
  return { findings: [...findings, ...unlisted], missing: findings.length, checked };
}

/** Legal and contractual: every commit signed off by its author (DCO), and a licence header in every new file. */
export function legalGate(context: GateContext): GateResult {
  const { facts } = context;
  const { dco, license_header: header } = context.gates.legal;
  const settings = dcoSettings(dco);
  if (!settings && !header) return skipped('legal', 'nothing to check: dco is false and license_header is not set');
  const signed = settings ? dcoFindings(facts, settings.remediation) : undefined;
  const headers = header ? headerFindings(facts, header) : undefined;
  const unsigned = signed?.unsigned ?? 0;
  const missing = headers?.missing ?? 0;
  const passed = [
    signed ? `${plural(signed.checked, 'commit')} signed off` : '',
    headers ? `${plural(headers.checked, 'new file')} with the licence header` : '',
  ];
  const failed = [
    unsigned > 0 ? `${plural(unsigned, 'commit')} not signed off` : '',
    missing > 0 ? `${plural(missing, 'new file')} without the licence header` : '',
    unsigned + missing === 0 ? 'not every commit and file could be checked' : '',
  ];
  const notes = [
    ...(signed && signed.merges > 0 ? [`${plural(signed.merges, 'merge commit')} (${signed.merges === 1 ? 'it holds' : 'they hold'} no work of ${signed.merges === 1 ? 'its' : 'their'} own) not checked for a sign-off.`] : []),
    ...(unsigned > 0
      ? ['A sign-off (git commit -s) certifies the Developer Certificate of Origin (developercertificate.org): that the author may submit this work under the licence of the project.']
      : []),
  ];
  const join = (parts: string[]) => parts.filter((p) => p !== '').join('; ');
  return result('legal', [...(signed?.findings ?? []), ...(headers?.findings ?? [])], join(passed), join(failed), notes);
}
