import { ownerRule, type CodeownersRule } from '../codeowners.js';
import { approvedByOneOf, SET_ASIDE_TEXT } from '../reviews.js';
import { plural, result, skipped, unlistedCommits, type Finding, type GateContext, type GateResult } from './types.js';

function ownersText(owners: readonly string[]): string {
  return owners.join(', ');
}

/** An owner is satisfied by a counted approval: `@login`, `@org/team` membership; emails cannot be checked. */
function ownerApproved(context: GateContext, owners: readonly string[]): boolean {
  const refs = owners.filter((o) => o.startsWith('@')).map((o) => o.slice(1));
  return approvedByOneOf(context.reviews, context.facts, refs) !== undefined;
}

function codeownerFindings(context: GateContext): { findings: Finding[]; notes: string[] } {
  const { codeowners } = context.facts;
  if (!codeowners) return { findings: [], notes: ['No CODEOWNERS file on the base branch, so no file has owners.'] };
  const notes = codeowners.problems.map((p) => `${codeowners.path} line ${p.line} is ignored, as GitHub ignores it: ${p.message}.`);
  const waiting = new Map<CodeownersRule, string[]>();
  for (const file of context.facts.files) {
    for (const path of file.previousPath === undefined ? [file.path] : [file.path, file.previousPath]) {
      const rule = ownerRule(codeowners, path);
      if (!rule || rule.owners.length === 0 || ownerApproved(context, rule.owners)) continue;
      waiting.set(rule, [...(waiting.get(rule) ?? []), path]);
    }
  }
  const findings = [...waiting].map(([rule, paths]): Finding => {
    const unreadable = rule.owners.filter((o) => context.facts.teamErrors[o.slice(1).toLowerCase()] !== undefined);
    const emails = rule.owners.filter((o) => !o.startsWith('@'));
    const caveats = [
      unreadable.length > 0 ? ` The members of ${ownersText(unreadable)} could not be read.` : '',
      emails.length > 0 ? ` Owners given by email (${ownersText(emails)}) cannot be matched to an approval.` : '',
    ].join('');
    return {
      file: paths[0] ?? '',
      message: `${plural(paths.length, 'changed file')} owned by ${ownersText(rule.owners)} (${codeowners.path} line ${rule.line}) ${paths.length === 1 ? 'has' : 'have'} no approval from an owner: ${paths.join(', ')}.${caveats}`,
      fix: `Ask one of ${ownersText(rule.owners)} to review and approve the latest commit.`,
    };
  });
  return { findings, notes };
}

/** Approvals that mean what maintainers think: internal, independent of the work, on the latest commit. */
export function reviewGate(context: GateContext): GateResult {
  if (context.reviews.unknown !== undefined) return skipped('review', context.reviews.unknown);
  const { approvals, codeowners } = context.gates.review;
  const { approvedBy, setAside, changesRequestedBy } = context.reviews;
  const findings: Finding[] = [];
  findings.push(...unlistedCommits(context.facts, () => 'approvals by people who made the other commits cannot be ruled out'));
  if (approvedBy.length < approvals) {
    findings.push({
      message: `This pull request has ${plural(approvedBy.length, 'approval')} from internal reviewers on the latest commit; it needs ${approvals}.`,
      fix: 'Ask an internal reviewer to review and approve the latest commit. Approvals of vendors, of the author and of anyone who committed to this pull request do not count.',
    });
  }
  for (const login of changesRequestedBy) {
    findings.push({
      message: `${login} requested changes.`,
      fix: `Make the changes ${login} asked for, then ask ${login} to approve. A maintainer can also dismiss the review.`,
    });
  }
  const owners = codeowners ? codeownerFindings(context) : { findings: [], notes: [] };
  findings.push(...owners.findings);
  const notes = [
    ...(approvedBy.length > 0 ? [`Approved by ${approvedBy.join(', ')}.`] : []),
    ...setAside.map((s) => `The approval of ${s.login} does not count: ${s.reason === 'stale' ? `it was made on the older commit ${s.commitId.slice(0, 7)}, and only approvals of the latest commit count` : SET_ASIDE_TEXT[s.reason]}.`),
    ...owners.notes,
  ];
  const summary = `${approvedBy.length} of ${approvals} approvals${changesRequestedBy.length > 0 ? `, changes requested by ${changesRequestedBy.join(', ')}` : ''}`;
  return result('review', findings, summary, owners.findings.length > 0 ? `${summary}; code owners have not approved` : summary, notes);
}
