// The scorecard: pure arithmetic over an audit part, one card per vendor profile and a weekly trend.
import type { AuditPart, AuditPullRequest } from './part.js';

/** PRs of vendors that match no profile are grouped under this name. */
export const NO_PROFILE = '(no profile)';
const DAY_MS = 86_400_000;
/** Contracts ending within this many days of the audit's end are listed. */
export const CONTRACT_NOTICE_DAYS = 30;

export interface Card {
  profile: string;
  authors: string[];
  /** Vendor PRs updated in the window; opened and merged within it. */
  pullRequests: number;
  opened: number;
  merged: number;
  /** PRs that have a history record: the base of every rate below. */
  evaluated: number;
  firstPushPassed: number;
  /** Percent of evaluated PRs that passed on their first evaluation; null when none was evaluated. */
  firstPushPassRate: number | null;
  green: number;
  medianPushesToGreen: number | null;
  medianHoursToGreen: number | null;
  /** Evaluations that failed each gate, over all PRs. */
  failuresPerGate: Record<string, number>;
  secretsFound: number;
  waivedPullRequests: number;
  waiversBy: Record<string, number>;
  medianChangedCoverage: number | null;
  medianReviewRounds: number | null;
  medianSizeLines: number | null;
  contractsEnding: Array<{ repo: string; validUntil: string; daysLeft: number }>;
}

export interface WeekPoint {
  /** Monday of the ISO week, YYYY-MM-DD. */
  week: string;
  opened: number;
  evaluated: number;
  firstPushPassed: number;
  merged: number;
}

export interface Scorecard {
  window: AuditPart['window'];
  repositories: string[];
  cards: Card[];
  trend: WeekPoint[];
}

export function median(values: readonly number[]): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return Math.round(value * 10) / 10;
}

const within = (time: string | undefined, window: AuditPart['window']): boolean => time !== undefined && time >= window.from && time <= window.to;
const sumInto = (into: Record<string, number>, from: Record<string, number>): void => {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
};
const sortedRecord = (r: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Monday (UTC) of the week of `time`. */
export function weekOf(time: string): string {
  const date = new Date(time);
  const monday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - ((date.getUTCDay() + 6) % 7)));
  return monday.toISOString().slice(0, 10);
}

function card(profile: string, pulls: readonly AuditPullRequest[], part: AuditPart): Card {
  const evaluated = pulls.filter((p) => p.history !== undefined);
  const digests = evaluated.flatMap((p) => (p.history ? [{ pr: p, d: p.history }] : []));
  const green = digests.filter(({ d }) => d.green !== undefined);
  const failures: Record<string, number> = {};
  const waiversBy: Record<string, number> = {};
  for (const { d } of digests) {
    sumInto(failures, d.failed);
    // A waiver is counted once per PR and person, however many evaluations it covered.
    for (const login of Object.keys(d.waivedBy)) waiversBy[login] = (waiversBy[login] ?? 0) + 1;
  }
  const firstPushPassed = digests.filter(({ d }) => d.first.result === 'pass').length;
  const end = Date.parse(part.window.to);
  const contractsEnding = part.contracts
    .filter((c) => c.profile === profile)
    .map((c) => ({ repo: c.repo, validUntil: c.validUntil, daysLeft: Math.floor((Date.parse(`${c.validUntil}T23:59:59Z`) - end) / DAY_MS) }))
    .filter((c) => c.daysLeft <= CONTRACT_NOTICE_DAYS);
  return {
    profile,
    authors: [...new Set(pulls.map((p) => p.author))].sort(),
    pullRequests: pulls.length,
    opened: pulls.filter((p) => within(p.createdAt, part.window)).length,
    merged: pulls.filter((p) => within(p.mergedAt, part.window)).length,
    evaluated: digests.length,
    firstPushPassed,
    firstPushPassRate: digests.length === 0 ? null : Math.round((firstPushPassed / digests.length) * 1000) / 10,
    green: green.length,
    medianPushesToGreen: median(green.map(({ d }) => d.green?.pushes ?? 0)),
    medianHoursToGreen: median(green.map(({ pr, d }) => (Date.parse(d.green?.at ?? pr.createdAt) - Date.parse(pr.createdAt)) / 3_600_000)),
    failuresPerGate: sortedRecord(failures),
    secretsFound: digests.reduce((n, { d }) => n + d.secrets, 0),
    waivedPullRequests: digests.filter(({ d }) => Object.keys(d.waivedBy).length > 0).length,
    waiversBy: sortedRecord(waiversBy),
    medianChangedCoverage: median(digests.flatMap(({ d }) => (d.cov === undefined ? [] : [d.cov]))),
    medianReviewRounds: median(pulls.map((p) => p.reviewRounds)),
    medianSizeLines: median(pulls.map((p) => p.size.lines)),
    contractsEnding,
  };
}

function trend(pulls: readonly AuditPullRequest[], part: AuditPart): WeekPoint[] {
  const weeks = new Map<string, WeekPoint>();
  const at = (time: string): WeekPoint => {
    const week = weekOf(time);
    const point = weeks.get(week) ?? { week, opened: 0, evaluated: 0, firstPushPassed: 0, merged: 0 };
    weeks.set(week, point);
    return point;
  };
  for (const pr of pulls) {
    if (within(pr.createdAt, part.window)) at(pr.createdAt).opened += 1;
    if (pr.mergedAt !== undefined && within(pr.mergedAt, part.window)) at(pr.mergedAt).merged += 1;
    const first = pr.history?.first;
    if (first) {
      const point = at(first.at);
      point.evaluated += 1;
      if (first.result === 'pass') point.firstPushPassed += 1;
    }
  }
  const sorted = [...weeks.values()].sort((a, b) => (a.week < b.week ? -1 : 1));
  // Quiet weeks are shown as zeros, so that a chart's x-axis keeps the pace of time.
  const filled: WeekPoint[] = [];
  for (const point of sorted) {
    const last = filled.at(-1);
    for (let t = last ? Date.parse(last.week) + 7 * DAY_MS : Infinity; t < Date.parse(point.week); t += 7 * DAY_MS) {
      filled.push({ week: new Date(t).toISOString().slice(0, 10), opened: 0, evaluated: 0, firstPushPassed: 0, merged: 0 });
    }
    filled.push(point);
  }
  return filled;
}

/** One card per profile (sorted by name), over the vendor PRs of the part. */
export function scorecard(part: AuditPart): Scorecard {
  const groups = new Map<string, AuditPullRequest[]>();
  for (const pr of part.pullRequests) groups.set(pr.profile, [...(groups.get(pr.profile) ?? []), pr]);
  // A profile whose contract ends soon gets a card even without PRs in the window.
  for (const c of part.contracts) if (!groups.has(c.profile)) groups.set(c.profile, []);
  const cards = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([profile, pulls]) => card(profile, pulls, part));
  return {
    window: part.window,
    repositories: [...part.repositories].sort(),
    cards: cards.filter((c) => c.pullRequests > 0 || c.contractsEnding.length > 0),
    trend: trend(part.pullRequests, part),
  };
}
