// Property: for ordered settings, the floor accepts a repository policy exactly when the merged
// policy is at least as strict as the central one on every setting, also in a profile of either file.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyFloor } from '../../src/policy/floor.js';
import { mergeGates, withDefaults } from '../../src/policy/load.js';
import type { RawPolicy } from '../../src/policy/schema.js';
import type { Gates } from '../../src/policy/types.js';
import { CONFIDENCES } from '../../src/secret-rule-ids.js';

const LEVELS = ['off', 'warn', 'error'] as const;
const count = fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined });
const level = fc.option(fc.constantFrom(...LEVELS), { nil: undefined });

/** Random settings of the ordered keys; undefined leaves a key out of the file. */
const gates = fc
  .record({
    review: fc.record({ level, approvals: count }),
    size: fc.record({ level, max_files: count, max_lines: count }),
    description: fc.record({ level, min_length: count }),
    coverage: fc.record({ level, total: count, changed: count, min_lines: count }),
    secrets: fc.record({ min_confidence: fc.option(fc.constantFrom(...CONFIDENCES), { nil: undefined }) }),
  })
  .map((g) => {
    // A gate with no setting is left out, as a file would.
    const present = Object.entries(g)
      .map(([id, settings]) => [id, Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined))] as const)
      .filter(([, settings]) => Object.keys(settings).length > 0);
    return Object.fromEntries(present);
  });

type Order = 'higher' | 'lower' | 'level' | 'confidence';
const ORDERED: Array<[keyof Gates, string, Order]> = [
  ['review', 'level', 'level'],
  ['review', 'approvals', 'higher'],
  ['size', 'level', 'level'],
  ['size', 'max_files', 'lower'],
  ['size', 'max_lines', 'lower'],
  ['description', 'level', 'level'],
  ['description', 'min_length', 'higher'],
  ['coverage', 'level', 'level'],
  ['coverage', 'total', 'higher'],
  ['coverage', 'changed', 'higher'],
  ['coverage', 'min_lines', 'lower'],
  ['secrets', 'min_confidence', 'confidence'],
];

function asStrict(merged: Gates, floor: Gates): boolean {
  return ORDERED.every(([id, field, order]) => {
    const m = (merged[id] as Record<string, unknown>)[field];
    const f = (floor[id] as Record<string, unknown>)[field];
    if (order === 'higher') return Number(m) >= Number(f);
    if (order === 'lower') return Number(m) <= Number(f);
    if (order === 'level') return LEVELS.indexOf(m as (typeof LEVELS)[number]) >= LEVELS.indexOf(f as (typeof LEVELS)[number]);
    return CONFIDENCES.indexOf(m as (typeof CONFIDENCES)[number]) >= CONFIDENCES.indexOf(f as (typeof CONFIDENCES)[number]);
  });
}

describe('the floor, for any ordered settings', () => {
  it('accepts exactly the repository policies whose merged gates are as strict as the central ones', () => {
    fc.assert(
      fc.property(gates, gates, (centralGates, localGates) => {
        const central: RawPolicy = { version: 1, gates: centralGates };
        const local: RawPolicy = { version: 1, gates: localGates };
        const { raw, problems } = applyFloor(central, local);
        const strict = asStrict(withDefaults(raw).gates, withDefaults(central).gates);
        // A repository that names a gate the central file leaves off turns it on: stricter, never a problem.
        expect(problems.length === 0).toBe(strict);
      }),
      { numRuns: 400 },
    );
  });

  it('holds in a central profile that the repository tightens by name', () => {
    fc.assert(
      fc.property(gates, gates, gates, (top, centralProfile, localProfile) => {
        const match = { users: ['acme-*'] };
        const central: RawPolicy = { version: 1, gates: top, profiles: [{ name: 'acme', match, gates: centralProfile }] };
        const local: RawPolicy = { version: 1, profiles: [{ name: 'acme', match, gates: localProfile }] };
        const { raw, problems } = applyFloor(central, local);
        const merged = withDefaults(raw);
        const floor = withDefaults(central);
        const profileGates = (p: typeof merged) => mergeGates(p.gates, p.profiles[0]?.gates);
        expect(problems.length === 0).toBe(asStrict(profileGates(merged), profileGates(floor)));
      }),
      { numRuns: 300 },
    );
  });
});
