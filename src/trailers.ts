// Commit message trailers, read with git's own rules (trailer.c, find_trailer_block_start), so that
// vendor-gate counts a sign-off exactly where `git interpret-trailers --parse` finds one.
import type { Identity } from './identity.js';

export interface Trailer {
  key: string;
  value: string;
}


/** Lines that git itself writes into a trailer block: one of them lets the block hold other text too. */
const GIT_GENERATED = ['Signed-off-by: ', '(cherry picked from commit '];

// git's isspace(): ASCII white space only.
const isBlank = (line: string): boolean => /^[ \t\r\v\f]*$/.test(line);
const startsWithSpace = (line: string): boolean => /^[ \t\r\v\f]/.test(line);
const isComment = (line: string): boolean => line.startsWith('#');

/** Where the `:` of a trailer line is: after a token of letters, digits and `-`, and optional white space; -1 when there is none. */
function separatorAt(line: string): number {
  let spaced = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    if (c === ':') return i;
    if (!spaced && /[A-Za-z0-9-]/.test(c)) continue;
    if (i > 0 && (c === ' ' || c === '\t')) {
      spaced = true;
      continue;
    }
    break;
  }
  return -1;
}

/**
 * The lines of the trailer block: the last paragraph of the message, never its first (the title),
 * when all its lines are trailers, or it holds a line git writes itself (`Signed-off-by: `) and at
 * least a quarter of its lines are trailers. Lines that start with white space continue a trailer.
 */
export function trailerBlock(message: string): string[] {
  const lines = message.split('\n');
  // The first paragraph is the title, up to the first blank line.
  const titleEnd = lines.findIndex((l) => !isComment(l) && isBlank(l));
  if (titleEnd < 0) return [];
  let trailers = 0;
  let others = 0;
  let continuations = 0;
  let recognised = false;
  let onlySpaces = true;
  for (let i = lines.length - 1; i >= titleEnd; i--) {
    const line = lines[i] ?? '';
    if (isComment(line)) {
      others += continuations;
      continuations = 0;
      continue;
    }
    if (isBlank(line)) {
      if (onlySpaces) continue;
      others += continuations;
      const isBlock = (recognised && trailers * 3 >= others) || (trailers > 0 && others === 0);
      // Comment lines stay: like any line that is no trailer, one ends the trailer before it.
      return isBlock ? lines.slice(i + 1).filter((l) => !isBlank(l)) : [];
    }
    onlySpaces = false;
    if (GIT_GENERATED.some((prefix) => line.startsWith(prefix))) {
      trailers++;
      continuations = 0;
      recognised = true;
    } else if (separatorAt(line) >= 1 && !startsWithSpace(line)) {
      trailers++;
      continuations = 0;
    } else if (startsWithSpace(line)) {
      continuations++;
    } else {
      others += 1 + continuations;
      continuations = 0;
    }
  }
  return [];
}

/** The trailers of a commit message, in order; a continuation line joins the value before it. */
export function parseTrailers(message: string): Trailer[] {
  const trailers: Trailer[] = [];
  // The trailer that a continuation line would continue: none after a line of other text.
  let current: Trailer | undefined;
  for (const line of trailerBlock(message)) {
    if (startsWithSpace(line)) {
      if (current) current.value = `${current.value} ${line.trim()}`.trim();
      continue;
    }
    const separator = separatorAt(line);
    current = separator < 1 ? undefined : { key: line.slice(0, separator).trim(), value: line.slice(separator + 1).trim() };
    if (current) trailers.push(current);
  }
  return trailers;
}

/** `Name <email>`, as git writes an identity; undefined for anything else. */
export function parseIdentity(text: string): Identity | undefined {
  const match = /^(.*?)\s*<([^<>]*)>$/.exec(text.trim());
  return match ? { name: (match[1] ?? '').trim(), email: (match[2] ?? '').trim() } : undefined;
}

/** The identities of the `Signed-off-by:` trailers (any case); a `Co-authored-by:` is not a sign-off. */
export function signOffs(message: string): Identity[] {
  return parseTrailers(message)
    .filter((t) => t.key.toLowerCase() === 'signed-off-by')
    .flatMap((t) => parseIdentity(t.value) ?? []);
}

export interface Remediation extends Identity {
  /** The commit signed off, as written: a full or abbreviated SHA. */
  sha: string;
}

const REMEDIATION = /^[ \t]*I, ([^<>\n]*?)\s*<([^<>\n]*)>, hereby add my Signed-off-by to this commit: ([0-9a-f]{7,40})[ \t]*$/gim;

/** The DCO app's remediation lines (`I, Name <email>, hereby add my Signed-off-by to this commit: <sha>`), anywhere in the message. */
export function remediations(message: string): Remediation[] {
  return [...message.replace(/\r\n?/g, '\n').matchAll(REMEDIATION)].map((m) => ({
    name: (m[1] ?? '').trim(),
    email: (m[2] ?? '').trim(),
    sha: (m[3] ?? '').toLowerCase(),
  }));
}
