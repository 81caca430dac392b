import { firstPathMatch } from '../match.js';
import { ALWAYS_DENIED } from '../policy/defaults.js';
import { approvedByOneOf } from '../reviews.js';
import { plural, result, unlistedFiles, type Finding, type GateContext, type GateResult } from './types.js';

type Rule =
  | { kind: 'policy' }
  | { kind: 'denied'; pattern: string }
  | { kind: 'outside'; allow: string[] }
  | { kind: 'protected'; approvers: string[] }
  | { kind: 'approval-unknown'; approvers: string[] };

function ruleFor(path: string, context: GateContext): Rule | undefined {
  const { allow, deny, protect } = context.gates.access;
  if (context.policyPath !== '' && path === context.policyPath) return { kind: 'policy' };
  const denied = firstPathMatch(deny, path) ?? firstPathMatch(ALWAYS_DENIED, path);
  if (denied) return { kind: 'denied', pattern: denied };
  if (allow.length > 0 && !firstPathMatch(allow, path)) return { kind: 'outside', allow };
  // Each matching protect rule needs its own approver: a file protected twice needs both.
  const waiting = protect.filter((rule) => firstPathMatch(rule.paths, path) && !approvedByOneOf(context.reviews, context.facts, rule.approvers));
  if (waiting.length === 0) return undefined;
  const approvers = [...new Set(waiting.flatMap((rule) => rule.approvers))];
  return context.reviews.unknown === undefined ? { kind: 'protected', approvers } : { kind: 'approval-unknown', approvers };
}

function describe(rule: Rule, path: string, role: string): Finding {
  const where = role === '' ? 'This file' : `The ${role} (${path})`;
  switch (rule.kind) {
    case 'policy':
      return {
        message: `${where} is the vendor-gate policy, which a vendor may not change. This check used the policy of the base branch.`,
        fix: 'Remove this change from the pull request. A maintainer changes the policy in a pull request of their own.',
      };
    case 'denied':
      return {
        message: `${where} may not be changed by a vendor: it matches the deny rule "${rule.pattern}".`,
        fix: 'Remove this change from the pull request. If the change is needed, ask a maintainer to make it.',
      };
    case 'outside':
      return {
        message: `${where} is outside the scope of work, which allows only: ${rule.allow.join(', ')}.`,
        fix: 'Remove this change from the pull request, or ask a maintainer to widen "gates.access.allow" in the policy first.',
      };
    case 'approval-unknown':
    case 'protected':
      return {
        message: `${where} is protected: it needs an approval from ${rule.approvers.join(' or ')}.`,
        fix: `Ask ${rule.approvers.join(' or ')} to review and approve the latest commit.`,
      };
  }
}

/** Scope of work: which paths a vendor may change, checking both sides of a rename. */
export function accessGate(context: GateContext): GateResult {
  const { facts } = context;
  const problems: Array<{ kind: Rule['kind'] | 'incomplete'; finding: Finding }> = [];
  for (const finding of unlistedFiles(facts, (others) => `the other ${others} could not be checked`)) problems.push({ kind: 'incomplete', finding });
  for (const file of facts.files) {
    const moved = file.status === 'copied' ? 'copied' : 'renamed';
    const names: Array<[string, string]> =
      file.previousPath === undefined ? [[file.path, '']] : [[file.path, `new name of this ${moved} file`], [file.previousPath, `old name of this ${moved} file`]];
    for (const [path, role] of names) {
      const rule = ruleFor(path, context);
      if (rule) problems.push({ kind: rule.kind, finding: { file: file.path, ...describe(rule, path, role) } });
    }
  }
  const count = (...kinds: Array<Rule['kind'] | 'incomplete'>) => problems.filter((p) => kinds.includes(p.kind)).length;
  const parts = [
    count('incomplete') > 0 ? 'not every file could be checked' : '',
    count('denied', 'policy') > 0 ? `${plural(count('denied', 'policy'), 'change')} to files a vendor may not change` : '',
    count('outside') > 0 ? `${plural(count('outside'), 'change')} outside the scope of work` : '',
    count('protected') > 0 ? `${plural(count('protected'), 'file')} waiting for a named approver` : '',
  ].filter((p) => p !== '');
  // Approvals a local check cannot see are noted, not failed: GitHub checks them on the pull request.
  const unknown = problems.filter((p) => p.kind === 'approval-unknown');
  const notes =
    unknown.length === 0
      ? []
      : [`${plural(unknown.length, 'protected file')} (${unknown.map((p) => p.finding.file).join(', ')}) will need an approval from a named approver; ${context.reviews.unknown ?? ''}, so it is checked on the pull request.`];
  const findings = problems.filter((p) => p.kind !== 'approval-unknown').map((p) => p.finding);
  return result('access', findings, `${plural(facts.files.length, 'file')} within the allowed paths`, parts.join('; '), notes);
}
