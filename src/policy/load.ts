import { isAlias, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import * as z from 'zod';
import { UserError } from '../errors.js';
import { DEFAULT_GATES, DEFAULT_WAIVER, EMPTY_MATCHER } from './defaults.js';
import { policySchema, type RawGates, type RawPolicy } from './schema.js';
import type { GateId, GateOverrides, Gates, IdentityMatcher, Policy } from './types.js';

export interface PolicyProblem {
  line: number;
  column: number;
  /** Dotted key path, such as `gates.size.max_files`; empty for the whole file. */
  key: string;
  message: string;
}

export class PolicyError extends UserError {
  constructor(
    readonly file: string,
    readonly problems: PolicyProblem[],
  ) {
    super(
      [
        `The policy file ${file} is not valid (${problems.length} problem${problems.length === 1 ? '' : 's'}):`,
        ...problems.map((p) => `  ${file}:${p.line}:${p.column}: ${p.key ? `${p.key}: ` : ''}${p.message}`),
        'Fix the file on the base branch; the command `vendor-gate validate <file>` checks it locally.',
      ].join('\n'),
    );
  }
}

export type Segment = string | number;

interface Located {
  node?: Node;
  key?: Node;
  /** The last key of the path is not in the file. */
  missing?: boolean;
}

function locate(doc: Document, path: readonly PropertyKey[]): Located {
  let node: unknown = doc.contents;
  let key: Node | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return { node, key, missing: true };
      key = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      key = undefined;
      node = node.items[segment];
    } else {
      break;
    }
  }
  return { node: (node ?? undefined) as Node | undefined, key };
}

/** The schema itself without `optional`, `default` and, for a union with a mapping among its options (such as `dco`), that mapping. */
function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodDefault) current = current.unwrap() as z.ZodType;
    else if (current instanceof z.ZodUnion) {
      const mapping = (current.options as z.ZodType[]).find((o) => o instanceof z.ZodObject);
      if (!mapping) return current;
      current = mapping;
    } else return current;
  }
}

function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let current = unwrap(schema);
  for (const segment of path) {
    if (current instanceof z.ZodObject) current = unwrap((current.shape as Record<string, z.ZodType>)[String(segment)]);
    else if (current instanceof z.ZodArray) current = unwrap(current.element as z.ZodType);
    else return undefined;
  }
  return current;
}

function describeFound(text: string, node: Node | undefined): string {
  if (!node?.range) return 'nothing';
  const source = text.slice(node.range[0], node.range[1]).trim();
  if (source === '') return 'nothing';
  const short = source.length > 60 ? `${source.slice(0, 57)}...` : source;
  return /^["']/.test(short) ? short : JSON.stringify(short);
}

function describeIssue(issue: z.core.$ZodIssue, found: string): string[] {
  switch (issue.code) {
    case 'invalid_type':
      return [`expected ${article(issue.expected)}, found ${found}`];
    case 'invalid_value':
      return [`expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, found ${found}`];
    case 'too_small':
      return [
        issue.origin === 'array'
          ? `expected at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}, found ${found}`
          : issue.origin === 'string'
            ? `expected a non-empty text, found ${found}`
            : `expected a number of at least ${String(issue.minimum)}, found ${found}`,
      ];
    case 'too_big':
      return [`expected at most ${String(issue.maximum)}, found ${found}`];
    case 'invalid_format':
      return [`expected ${issue.message}, found ${found}`];
    case 'custom':
      return [issue.message];
    case 'invalid_union': {
      // A login glob that has the right characters but costs too much says why, rather than "expected a login".
      const specific = issue.errors.flat().find((e) => e.code === 'custom');
      // Each union of the schema names what it accepts as its error.
      return [specific ? specific.message : `expected ${issue.message}, found ${found}`];
    }
    case 'unrecognized_keys': {
      const parent = schemaAt(policySchema, issue.path);
      const allowed = parent instanceof z.ZodObject ? Object.keys(parent.shape as object).filter((k) => k !== '$schema') : [];
      return issue.keys.map((k) => `unknown key "${k}"; expected one of: ${allowed.join(', ')}`);
    }
    default:
      return [issue.message];
  }
}

function article(type: string): string {
  const names: Record<string, string> = {
    string: 'a text',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping of keys to values',
  };
  return names[type] ?? type;
}

function dotted(path: readonly Segment[]): string {
  return path.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '');
}

/** The document's value; aliases that point nowhere or expand too much become positioned problems, not exceptions. */
function toJS(doc: Document, position: (offset: number | undefined) => { line: number; column: number }, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    // The culprit: the first alias with no anchor before it, else the first alias (the expansion starts there).
    const anchors = new Set<string>();
    let first: Node | undefined;
    let unresolved: Node | undefined;
    visit(doc, (_, node) => {
      if (isAlias(node)) {
        first ??= node;
        if (!anchors.has(node.source)) {
          unresolved = node;
          return visit.BREAK;
        }
      } else if (isNode(node) && node.anchor) {
        anchors.add(node.anchor);
      }
      return undefined;
    });
    const culprit = /excessive alias count/i.test(error.message) ? first : (unresolved ?? first);
    const source = culprit && isAlias(culprit) ? `*${culprit.source}` : 'an alias';
    const message = /excessive alias count/i.test(error.message)
      ? `the anchors and aliases expand too much (${source} and the aliases it repeats); write the values out instead`
      : `${source} refers to no anchor defined before it; define the anchor (&name) first, or write the value out`;
    throw new PolicyError(file, [{ ...position(culprit?.range?.[0]), key: '', message }]);
  }
}

/** A validated policy file as written, with the line:column of any key path in it. */
export interface ParsedPolicyFile {
  file: string;
  raw: RawPolicy;
  /** Where `path` stands in the file; the nearest enclosing key when the path is not in it. */
  at: (path: readonly Segment[]) => { line: number; column: number };
}

/** Parses and validates a policy file; throws a PolicyError that lists every problem with line:column. */
export function parsePolicy(text: string, file: string): Policy {
  return withDefaults(parsePolicyFile(text, file).raw);
}

/** parsePolicy without the defaults: what the file itself says, for merging it with a central policy. */
export function parsePolicyFile(text: string, file: string): ParsedPolicyFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const problems: PolicyProblem[] = [];
  const position = (offset: number | undefined) => {
    const pos = lineCounter.linePos(offset ?? 0);
    return { line: pos.line, column: pos.col };
  };
  for (const error of doc.errors) {
    problems.push({ ...position(error.pos[0]), key: '', message: (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '') });
  }
  if (problems.length > 0) throw new PolicyError(file, problems);

  const value = toJS(doc, (offset) => position(offset), file);
  if (value === null || value === undefined) {
    throw new PolicyError(file, [{ line: 1, column: 1, key: '', message: 'the file is empty; expected at least "version: 1"' }]);
  }
  const result = policySchema.safeParse(value);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path as Segment[];
      const located = locate(doc, path);
      if (issue.code === 'unrecognized_keys') {
        const parent = located.node;
        const messages = describeIssue(issue, '');
        issue.keys.forEach((k, i) => {
          const keyNode = isMap(parent) ? parent.items.find((item) => isScalar(item.key) && String(item.key.value) === k)?.key : undefined;
          problems.push({ ...position((keyNode as Node | undefined)?.range?.[0]), key: dotted([...path, k]), message: messages[i] ?? '' });
        });
        continue;
      }
      const found = located.missing ? 'nothing: the key is missing' : describeFound(text, located.node);
      const anchor = located.node?.range?.[0] ?? (located.key)?.range?.[0];
      for (const message of describeIssue(issue, found)) {
        problems.push({ ...position(anchor), key: dotted(path), message });
      }
    }
    problems.sort((a, b) => a.line - b.line || a.column - b.column);
    throw new PolicyError(file, problems);
  }
  const at = (path: readonly Segment[]) => {
    const located = locate(doc, path);
    return position((located.key ?? located.node)?.range?.[0]);
  };
  return { file, raw: result.data, at };
}

function matcher(raw: RawPolicy['vendors']): IdentityMatcher {
  return { ...EMPTY_MATCHER, ...raw };
}

/**
 * Gates that are off until the policy names them, since only the policy can say what they check: a
 * coverage report to read, sign-offs and licence headers, the vendor's emails. Naming one turns it on.
 */
const OFF_UNTIL_NAMED: readonly GateId[] = ['coverage', 'legal', 'commits'];

export function mergeGates(base: Gates, overrides: GateOverrides | RawGates | undefined): Gates {
  const merge = <K extends GateId>(id: K): Gates[K] => {
    const override = overrides?.[id];
    if (!override) return base[id];
    const merged = { ...base[id], ...override };
    return OFF_UNTIL_NAMED.includes(id) && override.level === undefined && base[id].level === 'off' ? { ...merged, level: 'error' } : merged;
  };
  return {
    review: merge('review'),
    access: merge('access'),
    secrets: merge('secrets'),
    size: merge('size'),
    description: merge('description'),
    coverage: merge('coverage'),
    contract: merge('contract'),
    legal: merge('legal'),
    commits: merge('commits'),
    tests: merge('tests'),
  };
}

export function withDefaults(raw: RawPolicy): Policy {
  return {
    version: 1,
    vendors: matcher(raw.vendors),
    reviewers: { users: raw.reviewers?.users ?? [], teams: raw.reviewers?.teams ?? [] },
    waiver: { ...DEFAULT_WAIVER, ...raw.waiver },
    gates: mergeGates(DEFAULT_GATES, raw.gates),
    profiles: (raw.profiles ?? []).map((p) => ({
      name: p.name,
      match: matcher(p.match),
      ...(p.valid_until ? { valid_until: p.valid_until } : {}),
      gates: (p.gates ?? {}),
    })),
  };
}

export const DEFAULT_POLICY: Policy = withDefaults({ version: 1 });
