// How the gates name commits and people in their findings. The renderers escape every finding for
// Markdown or a terminal; these keep user text recognisable as quoted, short and on one line.
import type { CommitFact, PullRequestFacts } from '../facts/types.js';
import { clipText, visible } from '../report/escape.js';
import { quoteUntrusted } from '../secrets/quote.js';

/** The first 12 characters of a SHA, as the report's footer names the checked commit. */
export function shortSha(sha: string): string {
  return sha.slice(0, 12);
}

/** A commit as a finding names it: its short SHA and its subject, quoted, clipped and with token-like runs masked. */
export function commitName(commit: Pick<CommitFact, 'sha' | 'message'>): string {
  return `${shortSha(commit.sha)} ${quoteUntrusted(commit.message.split('\n')[0] ?? '', 60)}`;
}

/** User text (a name, an email) quoted, clipped to `limit` code points, on one line. */
export function quoted(text: string, limit = 100): string {
  return JSON.stringify(clipText(visible(text), limit));
}

/** The commands that rewrite every commit of the branch since the base and replace the branch on GitHub. */
export function rewriteBranch(facts: Pick<PullRequestFacts, 'baseSha'>, rebase: string): string[] {
  // The fetch makes the base commit known to a clone that has not seen it yet.
  return ['git fetch origin', `git rebase ${rebase} ${shortSha(facts.baseSha)}`, 'git push --force-with-lease'];
}
