// What `vendor-gate audit` reads per repository: the raw facts behind a scorecard. A scorecard is always
// computed from these, never from other scorecards, so merging parts gives what one run over all gives.
import * as z from 'zod';
import { UserError } from '../errors.js';
import { digestSchema } from '../report/history.js';

export const AUDIT_FORMAT_VERSION = 1;

const TIME = z.iso.datetime();
const COUNT = z.number().int().min(0);

const pullRequestSchema = z.strictObject({
  repo: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/),
  number: z.number().int().positive(),
  author: z.string(),
  profile: z.string(),
  state: z.enum(['open', 'closed', 'merged']),
  createdAt: TIME,
  mergedAt: TIME.optional(),
  closedAt: TIME.optional(),
  size: z.strictObject({ files: COUNT, lines: COUNT }),
  reviewRounds: COUNT,
  history: digestSchema.optional(),
});

const contractSchema = z.strictObject({ repo: z.string(), profile: z.string(), validUntil: z.iso.date() });

export const partSchema = z.strictObject({
  formatVersion: z.literal(AUDIT_FORMAT_VERSION),
  window: z.strictObject({ from: TIME, to: TIME }),
  repositories: z.array(z.string()),
  pullRequests: z.array(pullRequestSchema),
  contracts: z.array(contractSchema),
});

export type AuditPullRequest = z.infer<typeof pullRequestSchema>;
export type AuditContract = z.infer<typeof contractSchema>;
export type AuditPart = z.infer<typeof partSchema>;

/** Combines parts: the widest window, every repository and pull request once (from the last part that has it). */
export function mergeParts(parts: readonly AuditPart[]): AuditPart {
  const first = parts[0];
  if (!first) throw new UserError('audit merge needs at least one JSON part.');
  const pulls = new Map<string, AuditPullRequest>();
  const contracts = new Map<string, AuditContract>();
  for (const part of parts) {
    for (const pr of part.pullRequests) pulls.set(`${pr.repo.toLowerCase()}#${pr.number}`, pr);
    for (const c of part.contracts) contracts.set(`${c.repo.toLowerCase()}:${c.profile}:${c.validUntil}`, c);
  }
  return normalise({
    formatVersion: AUDIT_FORMAT_VERSION,
    window: {
      from: parts.map((p) => p.window.from).reduce((a, b) => (b < a ? b : a), first.window.from),
      to: parts.map((p) => p.window.to).reduce((a, b) => (b > a ? b : a), first.window.to),
    },
    repositories: [...new Set(parts.flatMap((p) => p.repositories))],
    pullRequests: [...pulls.values()],
    contracts: [...contracts.values()],
  });
}

/** One order for everything, so that the same facts always print the same scorecard. */
export function normalise(part: AuditPart): AuditPart {
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    ...part,
    repositories: [...part.repositories].sort(byText),
    pullRequests: [...part.pullRequests].sort((a, b) => byText(a.repo, b.repo) || a.number - b.number),
    contracts: [...part.contracts].sort((a, b) => byText(a.repo, b.repo) || byText(a.profile, b.profile)),
  };
}

/** Reads a part written by `audit --format json` (the scorecard beside it is ignored: it is recomputed). */
export function parsePart(text: string, file: string): AuditPart {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UserError(`${file} is not JSON: give audit merge the output of vendor-gate audit --format json.`);
  }
  const body = typeof json === 'object' && json !== null && 'part' in json ? json.part : json;
  const parsed = partSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(`${file} is not an audit part of format version ${AUDIT_FORMAT_VERSION}: ${issue?.message ?? 'invalid'} at ${issue?.path.join('.') ?? ''}.`);
  }
  return parsed.data;
}
