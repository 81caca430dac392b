import { result, type GateContext, type GateResult } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The vendor's contract window: after its last day (UTC), the vendor's pull requests fail. */
export function contractGate(context: GateContext): GateResult {
  const { profile, now, profileConflict } = context;
  if (profileConflict) {
    return result('contract', [
      {
        message: `Commit emails match more than one vendor profile (${profileConflict.join(', ')}), and nothing about the author's account decides between them, so vendor-gate cannot tell which contract applies.`,
        fix: 'Make every commit with the email of your own company (git commit --amend --reset-author, or git rebase with --exec), or ask the maintainers to add your login to your company\'s profile.',
      },
    ], '', `commit emails match ${profileConflict.length} vendor profiles`);
  }
  if (!profile?.valid_until) {
    return { id: 'contract', status: 'skip', summary: 'no contract window is set for this vendor', findings: [], notes: [] };
  }
  const endsAt = Date.parse(`${profile.valid_until}T00:00:00Z`) + DAY_MS;
  const daysLeft = Math.ceil((endsAt - now.getTime()) / DAY_MS);
  if (daysLeft <= 0) {
    return result('contract', [
      {
        message: `The contract window of the vendor profile "${profile.name}" ended on ${profile.valid_until}.`,
        fix: `Ask the maintainers to renew the contract: they update "valid_until" of the profile "${profile.name}" in the policy.`,
      },
    ], '', `contract "${profile.name}" ended on ${profile.valid_until}`);
  }
  const notes = daysLeft <= context.gates.contract.warn_days ? [`The contract window of "${profile.name}" ends in ${daysLeft} day${daysLeft === 1 ? '' : 's'} (${profile.valid_until}).`] : [];
  return result('contract', [], `contract "${profile.name}" valid until ${profile.valid_until}`, '', notes);
}
