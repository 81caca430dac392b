// The record each evaluation appends to the sticky comment: a hidden, versioned, size-capped block of
// counts that `vendor-gate audit` reads back. It holds only what the comment shows (no secret values).
import * as z from 'zod';
import type { Report } from '../model.js';

export const HISTORY_VERSION = 1;
/** The encoded block stays within this many characters; older entries are folded into the summary. */
export const HISTORY_LIMIT = 8_000;

const BLOCK_PATTERN = /^<!-- vendor-gate:history v(\d+) ([A-Za-z0-9+/=]*) -->$/gm;
const SHA = z.string().regex(/^[0-9a-f]{40}$/);
const LOGIN = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/);
const GATE = z.string().regex(/^[a-z]{1,20}$/);
const COUNT = z.number().int().min(0).max(1_000_000_000);
const TIME = z.iso.datetime();
const counts = <K extends z.ZodString>(key: K) => z.record(key, COUNT).refine((r) => Object.keys(r).length <= 50, 'too many keys');

const entrySchema = z.strictObject({
  sha: SHA,
  at: TIME,
  event: z.string().regex(/^[a-z_]{1,40}$/),
  result: z.enum(['pass', 'fail', 'skip', 'error']),
  /** Findings per failed gate (after levels and the waiver). */
  failed: counts(GATE),
  /** Findings per gate that failed and was waived. */
  waived: counts(GATE),
  by: LOGIN.optional(),
  /** Changed-line coverage in percent, when the coverage gate measured it. */
  cov: z.number().min(0).max(100).optional(),
  size: z.strictObject({ files: COUNT, lines: COUNT }).optional(),
  profile: z.string().min(1).max(100).optional(),
  /** Secret findings of this evaluation, whatever the gate's level: a count, never a value. */
  secrets: COUNT,
});

/** What a run of entries adds up to: the summary of the folded entries, and what `audit` reads from a whole record. */
export const digestSchema = z.strictObject({
  evaluations: COUNT,
  /** Distinct head commits in a row, counted as pushes. */
  pushes: COUNT,
  first: z.strictObject({ sha: SHA, at: TIME, result: entrySchema.shape.result }),
  last: z.strictObject({ sha: SHA, at: TIME, result: entrySchema.shape.result }),
  /** The first passing evaluation, and how many pushes it took to get there. */
  green: z.strictObject({ at: TIME, pushes: COUNT }).optional(),
  results: z.strictObject({ pass: COUNT, fail: COUNT, skip: COUNT, error: COUNT }),
  /** Evaluations that failed each gate, and their findings. */
  failed: counts(GATE),
  findings: counts(GATE),
  /** Evaluations waived, by who waived them. */
  waivedBy: z.record(LOGIN, COUNT).refine((r) => Object.keys(r).length <= 50, 'too many keys'),
  /** The most secret findings any one evaluation saw (the same secret is found again on every push). */
  secrets: COUNT,
  cov: z.number().min(0).max(100).optional(),
  size: entrySchema.shape.size,
  profile: entrySchema.shape.profile,
});

const recordSchema = z.strictObject({
  summary: digestSchema.optional(),
  entries: z.array(entrySchema).max(1_000),
});

export type HistoryEntry = z.infer<typeof entrySchema>;
export type HistoryDigest = z.infer<typeof digestSchema>;
export type HistoryRecord = z.infer<typeof recordSchema>;

export const EMPTY_HISTORY: HistoryRecord = { entries: [] };

/** The entry of one evaluation: counts and names the comment already shows, never a finding's text. */
export function historyEntry(report: Report, event: string, at: Date): HistoryEntry {
  const findings = (ids: (g: Report['gates'][number]) => boolean) => Object.fromEntries(report.gates.filter(ids).map((g) => [g.id, g.findings.length]));
  const coverage = report.gates.find((g) => g.id === 'coverage')?.coverage?.changed.percent;
  const by = report.waiver.status === 'applied' ? report.waiver.by : undefined;
  return {
    sha: report.pullRequest.headSha,
    at: at.toISOString(),
    event: /^[a-z_]{1,40}$/.test(event) ? event : 'other',
    result: report.result,
    failed: findings((g) => g.outcome === 'fail'),
    waived: findings((g) => g.waived === true),
    ...(by !== undefined && LOGIN.safeParse(by).success ? { by } : {}),
    ...(coverage !== undefined && coverage !== null ? { cov: coverage } : {}),
    ...(report.size ? { size: report.size } : {}),
    ...(report.profile !== undefined && report.profile.length <= 100 ? { profile: report.profile } : {}),
    secrets: report.gates.find((g) => g.id === 'secrets')?.findings.length ?? 0,
  };
}

const add = (into: Record<string, number>, key: string, n: number): void => {
  into[key] = (into[key] ?? 0) + n;
};

/** Adds entries to a digest in order; folding in two steps equals folding once, so a summary loses no count. */
export function fold(digest: HistoryDigest | undefined, entries: readonly HistoryEntry[]): HistoryDigest | undefined {
  let d = digest ? structuredClone(digest) : undefined;
  for (const e of entries) {
    const point = { sha: e.sha, at: e.at, result: e.result };
    if (!d) {
      d = { evaluations: 0, pushes: 0, first: point, last: point, results: { pass: 0, fail: 0, skip: 0, error: 0 }, failed: {}, findings: {}, waivedBy: {}, secrets: 0 };
    }
    const newPush = d.evaluations === 0 || d.last.sha !== e.sha;
    d.evaluations += 1;
    if (newPush) d.pushes += 1;
    d.last = point;
    d.results[e.result] += 1;
    if (e.result === 'pass' && !d.green) d.green = { at: e.at, pushes: d.pushes };
    for (const [gate, n] of Object.entries(e.failed)) {
      add(d.failed, gate, 1);
      add(d.findings, gate, n);
    }
    if (e.by !== undefined) add(d.waivedBy, e.by, 1);
    d.secrets = Math.max(d.secrets, e.secrets);
    if (e.cov !== undefined) d.cov = e.cov;
    if (e.size) d.size = e.size;
    if (e.profile !== undefined) d.profile = e.profile;
  }
  return d;
}

/** Everything a record says, its summary and its entries together. */
export function digestOf(record: HistoryRecord): HistoryDigest | undefined {
  return fold(record.summary, record.entries);
}

/** The hidden line; base64 so that nothing in it can end the HTML comment or be read as Markdown. */
export function historyBlock(record: HistoryRecord): string {
  return `<!-- vendor-gate:history v${HISTORY_VERSION} ${Buffer.from(JSON.stringify(record)).toString('base64')} -->`;
}

/** Appends an entry, folding the oldest entries into the summary until the block fits within `limit`. */
export function appendEntry(record: HistoryRecord, entry: HistoryEntry, limit = HISTORY_LIMIT): HistoryRecord {
  let summary = record.summary;
  const entries = [...record.entries, entry];
  while (entries.length > 1 && historyBlock(summary ? { summary, entries } : { entries }).length > limit) {
    summary = fold(summary, entries.splice(0, 1));
  }
  return summary ? { summary, entries } : { entries };
}

export type ParsedHistory = { kind: 'none' } | { kind: 'record'; record: HistoryRecord } | { kind: 'invalid'; reason: string };

/**
 * Reads the record of a comment body, validated: the caller must pass only the token identity's own
 * comment. The last block counts, since user text is escaped above it and ours is the comment's end.
 */
export function parseHistory(commentBody: string): ParsedHistory {
  const match = [...commentBody.matchAll(BLOCK_PATTERN)].at(-1);
  if (!match) return { kind: 'none' };
  if (match[1] !== String(HISTORY_VERSION)) return { kind: 'invalid', reason: `history version ${match[1] ?? '?'} is not ${HISTORY_VERSION}` };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(match[2] ?? '', 'base64').toString('utf8'));
  } catch {
    return { kind: 'invalid', reason: 'the history block is not base64 JSON' };
  }
  const parsed = recordSchema.safeParse(json);
  if (!parsed.success) return { kind: 'invalid', reason: `the history block does not match version ${HISTORY_VERSION}: ${parsed.error.issues[0]?.message ?? 'invalid'} at ${parsed.error.issues[0]?.path.join('.') ?? ''}` };
  return { kind: 'record', record: parsed.data };
}
