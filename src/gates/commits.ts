import { isKnown, type CommitFact, type Person } from '../facts/types.js';
import { identityText } from '../identity.js';
import { identityMatches } from '../match.js';
import { commitName, quoted, rewriteBranch } from './commit-text.js';
import { plural, result, skipped, unlistedCommits, type Finding, type GateContext, type GateResult } from './types.js';

/** The committer of the commits GitHub makes itself (web edits, merges, suggestions), which it always signs. */
const WEB_FLOW_EMAIL = 'noreply@github.com';

const isWebFlow = (commit: CommitFact): boolean => commit.committer.email.trim().toLowerCase() === WEB_FLOW_EMAIL;

type Role = 'author' | 'committer';

/**
 * Whose identity in the commit is outside the allowed emails. GitHub's own committer address counts
 * only on a commit GitHub verified (it signs every commit it makes); anyone can write that address.
 */
function outsiders(commit: CommitFact, emails: readonly string[]): Array<{ role: Role; person: Person }> {
  const allowed = (person: Person) => emails.some((glob) => identityMatches(glob, person.email));
  return [
    ...(allowed(commit.author) ? [] : [{ role: 'author' as const, person: commit.author }]),
    ...(allowed(commit.committer) || (isWebFlow(commit) && commit.verified !== false) ? [] : [{ role: 'committer' as const, person: commit.committer }]),
  ];
}

function describe(found: Array<{ role: Role; person: Person }>): string {
  const [first, second] = found;
  if (!first) return '';
  if (!second) return `was ${first.role === 'author' ? 'written' : 'committed'} as ${quoted(identityText(first.person))}`;
  if (identityText(first.person) === identityText(second.person)) return `was written and committed as ${quoted(identityText(first.person))}`;
  return `was written as ${quoted(identityText(first.person))} and committed as ${quoted(identityText(second.person))}`;
}

/** Commit identity: every commit of a vendor PR made with an allowed email, and verified by GitHub when the policy asks. */
export function commitsGate(context: GateContext): GateResult {
  const { facts } = context;
  const { emails, require_verified: requireVerified } = context.gates.commits;
  if (emails.length === 0 && !requireVerified) return skipped('commits', 'nothing to check: gates.commits sets no emails and does not require verified commits');
  const allowedText = emails.join(', ');
  const identityFix =
    `Make the commits again with an email that matches ${allowedText}, with these commands in your clone of the branch (put your work email in the first one). ` +
    'For commits made on github.com, choose that email in your GitHub email settings.';
  const identityCommands = ['git config user.email "<your work email>"', ...rewriteBranch(facts, '--exec "git commit --amend --no-edit --reset-author"')];
  const verifyFix =
    'Sign your commits with a key that your GitHub account lists (GitHub Docs: "Signing commits"), then sign the commits again with these commands in your clone of the branch.';
  const verifyCommands = ['git config commit.gpgsign true', ...rewriteBranch(facts, '--force-rebase --gpg-sign')];
  const findings: Finding[] = [];
  const unknown: CommitFact[] = [];
  let identities = 0;
  let unverified = 0;
  for (const commit of facts.commits) {
    const outside = emails.length > 0 ? outsiders(commit, emails) : [];
    if (outside.length > 0) {
      identities++;
      findings.push({ commit: commit.sha, message: `Commit ${commitName(commit)} ${describe(outside)}: the policy allows only emails that match ${allowedText}.`, fix: identityFix, commands: identityCommands });
    }
    if (!requireVerified) continue;
    if (!isKnown(commit.verified)) unknown.push(commit);
    else if (!commit.verified) {
      unverified++;
      findings.push({ commit: commit.sha, message: `Commit ${commitName(commit)} is not verified by GitHub (GitHub does not show it as "Verified"): the policy requires commits signed with a key that GitHub can check.`, fix: verifyFix, commands: verifyCommands });
    }
  }
  findings.push(...unlistedCommits(facts, (others) => `the identities of the other ${others} could not be checked`));
  // Only GitHub verifies signatures: a local check says so instead of failing.
  const unknownWebFlow = emails.length > 0 ? facts.commits.filter((c) => isWebFlow(c) && !isKnown(c.verified)).length : 0;
  const why = facts.commits.flatMap((c) => (isKnown(c.verified) ? [] : [c.verified.unknown]))[0] ?? '';
  const notes = [
    ...(unknown.length > 0 ? [`${plural(unknown.length, 'commit')} must be verified by GitHub (gates.commits.require_verified); ${why}, so it is checked on the pull request.`] : []),
    ...(unknownWebFlow > 0
      ? [`GitHub's own committer address (${WEB_FLOW_EMAIL}) counts only on commits GitHub signed (${unknownWebFlow} here); ${why}, so it is checked on the pull request.`]
      : []),
  ];
  const checked = [emails.length > 0 ? `emails match ${allowedText}` : '', requireVerified && unknown.length === 0 ? 'verified by GitHub' : ''].filter((p) => p !== '');
  const failed = [
    identities > 0 ? `${plural(identities, 'commit')} with an email outside ${allowedText}` : '',
    unverified > 0 ? `${plural(unverified, 'commit')} not verified` : '',
  ].filter((p) => p !== '');
  return result(
    'commits',
    findings,
    `${plural(facts.commits.length, 'commit')}: ${checked.length > 0 ? checked.join(', ') : 'verification is checked on the pull request'}`,
    failed.length > 0 ? failed.join('; ') : 'not every commit could be checked',
    notes,
  );
}
