/* eslint-disable no-control-regex -- stripping control characters from untrusted text is the point */
const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Most code points of one piece of user text (a message, a reason) shown in a report. */
export const DISPLAY_LIMIT = 500;
/** Most code points of a name (file, login, label, branch): its start and its end stay readable. */
export const NAME_LIMIT = 200;

/** Zero-width and bidi characters: they hide or reorder text, so they are removed, not shown. */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
// An entity, not the character: the output then holds no invisible character, and stripping never undoes it.
const ZERO_WIDTH_SPACE = '&#8203;';

/** Shortens text to `limit` code points, keeping its start and its end (a file's name) around "…". */
export function clipText(text: string, limit = DISPLAY_LIMIT): string {
  // A string of at most `limit` UTF-16 units has at most `limit` code points.
  if (text.length <= limit) return text;
  const points = Array.from(text);
  if (points.length <= limit) return text;
  const tail = Math.floor((limit - 1) / 3);
  return `${points.slice(0, limit - 1 - tail).join('')}…${points.slice(points.length - tail).join('')}`;
}

/** Text without invisible characters and control characters, on one line: what every report shows of user text. */
export function visible(text: string): string {
  return text
    .replace(INVISIBLE, '')
    .replace(/[\r\n\t\v\f\u2028\u2029]+/g, ' ')
    .replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, '\uFFFD');
}

/**
 * Makes attacker-controlled text (file names, titles, logins, messages) inert in GitHub Markdown:
 * no HTML, no Markdown syntax, no table breaks, no @-mentions, no autolinks, no issue references or
 * emoji, one line, at most `limit` code points.
 */
export function escapeMarkdown(text: string, limit = DISPLAY_LIMIT): string {
  return (
    clipText(visible(text), limit)
      // Inline syntax: emphasis, code, links and images, tables, strikethrough, math.
      .replace(/[\\`*_[\]|~$]/g, '\\$&')
      // Block syntax only counts at the start of a line: headings, lists, quotes, rules.
      .replace(/^(\s*)([#+\-=])/, '$1\\$2')
      .replace(/^(\s*\d+)([.)])/, '$1\\$2')
      .replace(/[&<>]/g, (c) => HTML_ENTITIES[c] ?? c)
      // GitHub links these in text, after Markdown: a zero-width space breaks the pattern it looks for.
      // An emoji is :name: with a letter in the name (or :100:, :1234:), so "file:3:22" stays as it is.
      // One pass, so that the entities it inserts are never rewritten.
      .replace(/@|:(?=\/\/|(?:[\w+\\-]*[a-z_+\\-][\w+\\-]*|100|1234):)|#(?=\d)|GH-(?=\d)|www(?=\.)/gi, (m) => `${m}${ZERO_WIDTH_SPACE}`)
  );
}

/** Inline code for untrusted names: `<code>` keeps backticks in names from breaking out. */
export function code(text: string, limit = NAME_LIMIT): string {
  return `<code>${escapeMarkdown(text, limit)}</code>`;
}

/** Text safe for one line of a terminal: no escape sequences or invisible characters from untrusted input. */
export function escapeTerminal(text: string, limit = DISPLAY_LIMIT): string {
  return clipText(text.replace(INVISIBLE, '').replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => (c === '\t' ? ' ' : '\uFFFD')), limit);
}
