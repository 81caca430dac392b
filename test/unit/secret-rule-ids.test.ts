import { describe, expect, it } from 'vitest';
import { SECRET_RULE_IDS } from '../../src/secret-rule-ids.js';
import { RULE_IDS } from '../../src/secrets/rules.js';

describe('secret rule ids', () => {
  // The policy validates disable_rules against the leaf list; every id there must name a rule, in the same order.
  it('lists exactly the rules the scanner defines, in their order', () => {
    expect([...SECRET_RULE_IDS]).toEqual([...RULE_IDS]);
  });
});
