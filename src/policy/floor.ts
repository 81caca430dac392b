import { CONFIDENCES } from '../secret-rule-ids.js';
import { uncovered } from './globs.js';
import { mergeGates, withDefaults, type Segment } from './load.js';
import type { RawGates, RawPolicy } from './schema.js';
import type { GateId, Gates, IdentityMatcher, Policy } from './types.js';

/** A value of the repository's policy that is looser than the central floor. */
export interface FloorProblem {
  /** Where the value stands in the repository's file. */
  path: Segment[];
  /** Where the floor's value stands in the central file (or would, when it is a default). */
  centralPath: Segment[];
  /** The dotted key that `overridable` would have to list, such as `gates.size.max_lines`. */
  key: string;
  message: string;
}

export interface FloorResult {
  /** The two files merged: the central policy with the repository's values on top. */
  raw: RawPolicy;
  problems: FloorProblem[];
}

/** Returns why `mine` is looser than `floor`, or undefined when it is as strict or stricter. */
type Rule = (mine: unknown, floor: unknown) => string | undefined;

const LEVEL_ORDER = ['off', 'warn', 'error'];
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const show = (v: unknown): string => JSON.stringify(v);
const quoteAll = (values: string[]): string => values.map((v) => JSON.stringify(v)).join(', ');

const atLeast: Rule = (mine, floor) => (Number(mine) >= Number(floor) ? undefined : `${show(mine)} is lower than the floor's ${show(floor)}`);
const atMost: Rule = (mine, floor) => (Number(mine) <= Number(floor) ? undefined : `${show(mine)} is higher than the floor's ${show(floor)}`);
const stricterLevel: Rule = (mine, floor) =>
  LEVEL_ORDER.indexOf(String(mine)) >= LEVEL_ORDER.indexOf(String(floor)) ? undefined : `level ${show(mine)} is weaker than the floor's ${show(floor)} (off < warn < error)`;
const staysTrue: Rule = (mine, floor) => (floor === true && mine !== true ? `the floor sets it to true; it cannot be ${show(mine)}` : undefined);
const staysFalse: Rule = (mine, floor) => (floor === false && mine !== false ? `the floor sets it to false; it cannot be ${show(mine)}` : undefined);
const same: Rule = (mine, floor) => (floor === undefined || show(mine) === show(floor) ? undefined : `the floor sets ${show(floor)}; it cannot be changed to ${show(mine)}`);
/** More entries are stricter (deny, required sections, vendors): every entry of the floor must stay. */
const keepsAll: Rule = (mine, floor) => {
  const missing = list(floor).filter((f) => !list(mine).includes(f));
  return missing.length === 0 ? undefined : `drops ${quoteAll(missing)} of the floor`;
};
/** Fewer entries are stricter (exemptions, ignore lists): nothing may be added. */
const addsNone: Rule = (mine, floor) => {
  const added = list(mine).filter((m) => !list(floor).includes(m));
  return added.length === 0 ? undefined : `adds ${quoteAll(added)}, which the floor does not have`;
};
/** A narrower scope: an empty floor allows everything; else every glob must lie within the floor's. */
const narrowerGlobs =
  (identity: boolean): Rule =>
  (mine, floor) => {
    if (list(floor).length === 0) return undefined;
    if (list(mine).length === 0) return `an empty list allows everything, wider than the floor's ${quoteAll(list(floor))}`;
    const wider = uncovered(list(floor), list(mine), identity);
    return wider.length === 0
      ? undefined
      : `${quoteAll(wider)} ${wider.length === 1 ? 'is' : 'are'} not proven to lie within the floor's ${quoteAll(list(floor))} (a glob is accepted when it equals one of them, is a literal path one of them matches, or starts with "dir/" under a floor "dir/**")`;
  };
const confidence: Rule = (mine, floor) =>
  CONFIDENCES.indexOf(mine as (typeof CONFIDENCES)[number]) >= CONFIDENCES.indexOf(floor as (typeof CONFIDENCES)[number])
    ? undefined
    : `${show(mine)} fails fewer findings than the floor's ${show(floor)} (high < medium < low)`;
/** dco: false < true with remediation commits < true. */
const dcoStrength = (v: unknown): number => (v === false ? 0 : typeof v === 'object' && v !== null && 'remediation_commits' in v && v.remediation_commits === true ? 1 : 2);
const dco: Rule = (mine, floor) => (dcoStrength(mine) >= dcoStrength(floor) ? undefined : `${show(mine)} asks for fewer sign-offs than the floor's ${show(floor)}`);
const licenseHeader: Rule = (mine, floor) => {
  if (floor === undefined) return undefined;
  const m = (mine ?? {}) as { paths?: string[]; text?: string; lines?: number };
  const f = floor as { paths: string[]; text: string; lines: number };
  return keepsAll(m.paths, f.paths) ?? same(m.text, f.text) ?? atMost(m.lines, f.lines);
};
const protectRules: Rule = (mine, floor) => {
  const canonical = (r: unknown) => {
    const rule = r as { paths: string[]; approvers: string[] };
    return show([[...rule.paths].sort(), [...rule.approvers].sort()]);
  };
  const kept = new Set((Array.isArray(mine) ? mine : []).map(canonical));
  const dropped = (Array.isArray(floor) ? floor : []).filter((r) => !kept.has(canonical(r)));
  return dropped.length === 0 ? undefined : `drops the floor's protect rule${dropped.length === 1 ? '' : 's'} ${dropped.map((r) => show(r)).join(', ')} (keep each as it is; add more rules to tighten)`;
};

/** How each setting of a gate may change: a repository may only make the gate stricter. */
const GATE_RULES: { [G in GateId]: { [F in keyof Gates[G]]-?: Rule } } = {
  review: { level: stricterLevel, approvals: atLeast, codeowners: staysTrue },
  access: { level: stricterLevel, allow: narrowerGlobs(false), deny: keepsAll, protect: protectRules },
  secrets: { level: stricterLevel, allow_paths: addsNone, allow_patterns: addsNone, disable_rules: addsNone, min_confidence: confidence },
  size: { level: stricterLevel, max_files: atMost, max_lines: atMost, ignore: addsNone },
  description: { level: stricterLevel, linked_issue: staysTrue, min_length: atLeast, title_pattern: same, required_sections: keepsAll },
  coverage: { level: stricterLevel, total: atLeast, changed: atLeast, min_lines: atMost, path_prefix: same, ignore: addsNone },
  contract: { level: stricterLevel, warn_days: atLeast },
  legal: { level: stricterLevel, dco, license_header: licenseHeader },
  commits: { level: stricterLevel, emails: narrowerGlobs(true), require_verified: staysTrue },
  tests: { level: stricterLevel, source: keepsAll, tests: addsNone },
};

function isOverridable(overridable: readonly string[], keys: readonly string[]): boolean {
  return keys.some((key) => overridable.some((o) => key === o || key.startsWith(`${o}.`)));
}

interface Checker {
  overridable: readonly string[];
  problems: FloorProblem[];
}

function report(c: Checker, path: Segment[], centralPath: Segment[], key: string, aliases: string[], reason: string | undefined): void {
  if (reason === undefined || isOverridable(c.overridable, [key, ...aliases])) return;
  c.problems.push({ path, centralPath, key, message: reason });
}

/** Every gate setting the repository writes, against the floor's resolved gates. */
function checkGates(c: Checker, mine: RawGates | undefined, floor: Gates, at: Segment[], centralAt: Segment[], keyPrefix: string): void {
  for (const [id, settings] of Object.entries(mine ?? {}) as [GateId, Record<string, unknown> | undefined][]) {
    const rules = GATE_RULES[id] as Record<string, Rule>;
    const floorGate = floor[id] as Record<string, unknown>;
    for (const [field, value] of Object.entries(settings ?? {})) {
      const rule = rules[field];
      if (!rule) continue;
      const key = `gates.${id}.${field}`;
      report(c, [...at, 'gates', id, field], [...centralAt, 'gates', id, field], `${keyPrefix}${key}`, keyPrefix ? [key] : [], rule(value, floorGate[field]));
    }
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function checkProfiles(c: Checker, local: RawPolicy, central: RawPolicy, floor: Policy): void {
  (local.profiles ?? []).forEach((profile, index) => {
    const at: Segment[] = ['profiles', index];
    const centralIndex = (central.profiles ?? []).findIndex((p) => p.name === profile.name);
    const named = floor.profiles[centralIndex];
    const prefix = `profiles.${profile.name}.`;
    if (!named) {
      // A new profile stands after the central ones: it may catch only vendors the floor's top-level gates cover.
      checkGates(c, profile.gates, floor.gates, at, [], prefix);
      return;
    }
    const centralAt: Segment[] = ['profiles', centralIndex];
    const match = { users: [], teams: [], emails: [], associations: [], ...profile.match };
    const changed = (Object.keys(named.match) as (keyof IdentityMatcher)[]).find((k) => !sameSet(match[k] as string[], named.match[k] as string[]));
    if (changed) {
      report(c, [...at, 'match', changed], [...centralAt, 'match'], `${prefix}match`, [], `the central profile ${show(profile.name)} matches ${show(named.match[changed])} by ${changed}; a repository cannot change who it applies to`);
    }
    if (profile.valid_until !== undefined && named.valid_until !== undefined && profile.valid_until > named.valid_until) {
      report(c, [...at, 'valid_until'], [...centralAt, 'valid_until'], `${prefix}valid_until`, [], `${profile.valid_until} is later than the floor's contract end ${named.valid_until}`);
    }
    checkGates(c, profile.gates, mergeGates(floor.gates, named.gates), at, centralAt, prefix);
  });
}

function checkTopLevel(c: Checker, local: RawPolicy, floor: Policy, centralOverridable: readonly string[]): void {
  for (const [field, value] of Object.entries(local.vendors ?? {})) {
    report(c, ['vendors', field], ['vendors', field], `vendors.${field}`, [], keepsAll(value, floor.vendors[field as keyof IdentityMatcher]));
  }
  // Empty reviewers mean anyone with write access: a list is always narrower; a listed floor only narrows further.
  const floorReviewers = floor.reviewers;
  if (floorReviewers.users.length + floorReviewers.teams.length > 0 && local.reviewers) {
    const users = local.reviewers.users ?? floorReviewers.users;
    const teams = local.reviewers.teams ?? floorReviewers.teams;
    const field = local.reviewers.users !== undefined ? 'users' : 'teams';
    const reason = users.length + teams.length === 0 ? 'no reviewers means anyone with write access, wider than the floor\'s list' : (addsNone(users, floorReviewers.users) ?? addsNone(teams, floorReviewers.teams));
    report(c, ['reviewers', field], ['reviewers'], `reviewers.${field}`, [], reason);
  }
  if (local.waiver?.by !== undefined) report(c, ['waiver', 'by'], ['waiver', 'by'], 'waiver.by', [], addsNone(local.waiver.by, floor.waiver.by));
  if (local.waiver?.secrets !== undefined) report(c, ['waiver', 'secrets'], ['waiver', 'secrets'], 'waiver.secrets', [], staysFalse(local.waiver.secrets, floor.waiver.secrets));
  // Granting more overrides is itself a loosening, and no key of the central policy can allow it.
  if (local.overridable !== undefined) {
    const reason = addsNone(local.overridable, centralOverridable);
    if (reason) c.problems.push({ path: ['overridable'], centralPath: ['overridable'], key: 'overridable', message: reason });
  }
}

function mergeGateMaps(central: RawGates | undefined, local: RawGates | undefined): RawGates | undefined {
  if (!central || !local) return local ?? central;
  const merged: Record<string, unknown> = { ...central };
  for (const [id, settings] of Object.entries(local)) merged[id] = { ...(central[id as GateId] ?? {}), ...settings };
  return merged;
}

/** The central policy with the repository's values on top, key by key; profiles of the central policy first. */
export function mergeRaw(central: RawPolicy, local: RawPolicy): RawPolicy {
  const byName = new Map((local.profiles ?? []).map((p) => [p.name, p]));
  const profiles = [
    ...(central.profiles ?? []).map((c) => {
      const l = byName.get(c.name);
      if (!l) return c;
      const gates = mergeGateMaps(c.gates, l.gates);
      const validUntil = l.valid_until ?? c.valid_until;
      return { name: c.name, match: l.match, ...(validUntil !== undefined ? { valid_until: validUntil } : {}), ...(gates ? { gates } : {}) };
    }),
    ...(local.profiles ?? []).filter((l) => !(central.profiles ?? []).some((c) => c.name === l.name)),
  ];
  const gates = mergeGateMaps(central.gates, local.gates);
  const overridable = local.overridable ?? central.overridable;
  const section = <T extends object>(c: T | undefined, l: T | undefined): T | undefined => (c || l ? ({ ...c, ...l } as T) : undefined);
  const vendors = section(central.vendors, local.vendors);
  const reviewers = section(central.reviewers, local.reviewers);
  const waiver = section(central.waiver, local.waiver);
  return {
    version: 1,
    ...(vendors ? { vendors } : {}),
    ...(reviewers ? { reviewers } : {}),
    ...(gates ? { gates } : {}),
    ...(waiver ? { waiver } : {}),
    ...(profiles.length > 0 ? { profiles } : {}),
    ...(overridable ? { overridable } : {}),
  };
}

/**
 * Applies the central policy as a floor under the repository's: the merged policy, and every value of
 * the repository that loosens the floor without the central policy listing its key under `overridable`.
 */
export function applyFloor(central: RawPolicy, local: RawPolicy): FloorResult {
  const floor = withDefaults(central);
  const c: Checker = { overridable: central.overridable ?? [], problems: [] };
  checkGates(c, local.gates, floor.gates, [], [], '');
  checkProfiles(c, local, central, floor);
  checkTopLevel(c, local, floor, central.overridable ?? []);
  return { raw: mergeRaw(central, local), problems: c.problems };
}
