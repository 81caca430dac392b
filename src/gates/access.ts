import { firstPathMatch } from '../match.js';
import { ALWAYS_DENIED } from '../policy/defaults.js';
import { plural, result, type Finding, type GateContext, type GateResult } from './types.js';

type Rule = { kind: 'denied'; pattern: string } | { kind: 'outside'; allow: string[] } | { kind: 'protected'; approvers: string[] };

function ruleFor(path: string, context: GateContext): Rule | undefined {
  const { allow, deny, protect } = context.gates.access;
  if (context.policyPath !== '' && path === context.policyPath) return { kind: 'denied', pattern: context.policyPath };
  const denied = firstPathMatch(deny, path) ?? firstPathMatch(ALWAYS_DENIED, path);
  if (denied) return { kind: 'denied', pattern: denied };
  if (allow.length > 0 && !firstPathMatch(allow, path)) return { kind: 'outside', allow };
  const approvers = protect.filter((rule) => firstPathMatch(rule.paths, path)).flatMap((rule) => rule.approvers);
  if (approvers.length > 0) return { kind: 'protected', approvers: [...new Set(approvers)] };
  return undefined;
}

function describe(rule: Rule, path: string, role: string): Finding {
  const where = role === '' ? 'This file' : `The ${role} of this file (${path})`;
  switch (rule.kind) {
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
    case 'protected':
      return {
        message: `${where} is protected: it needs an approval from ${rule.approvers.join(' or ')}.`,
        fix: `Ask ${rule.approvers.join(' or ')} to review this change. This version cannot see approvals yet, so a maintainer must waive it or merge by hand.`,
      };
  }
}

/** Scope of work: which paths a vendor may change, checking both sides of a rename. */
export function accessGate(context: GateContext): GateResult {
  const { facts } = context;
  const findings: Finding[] = [];
  const { expected, listed } = facts.filesListing;
  if (listed < expected) {
    findings.push({
      message: `GitHub listed only ${listed} of the ${expected} changed files, so the other ${expected - listed} could not be checked.`,
      fix: 'Split the pull request into smaller ones: GitHub lists at most 3,000 files of a pull request.',
    });
  }
  for (const file of facts.files) {
    const newRule = ruleFor(file.path, context);
    const oldRule = file.previousPath === undefined ? undefined : ruleFor(file.previousPath, context);
    const moved = file.status === 'copied' ? 'copied' : 'renamed';
    if (newRule) {
      findings.push({ file: file.path, ...describe(newRule, file.path, file.previousPath === undefined ? '' : `new name`) });
    }
    if (oldRule && file.previousPath !== undefined) {
      findings.push({ file: file.path, ...describe(oldRule, file.previousPath, `name it was ${moved} from`) });
    }
  }
  const files = new Set(findings.map((f) => f.file).filter(Boolean)).size;
  return result(
    'access',
    findings,
    `${plural(facts.files.length, 'file')} within the allowed paths`,
    files > 0 ? `${plural(files, 'file')} outside what a vendor may change` : 'the changed files could not all be checked',
  );
}
