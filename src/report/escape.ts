/* eslint-disable no-control-regex -- stripping control characters from untrusted text is the point */
const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Makes attacker-controlled text (file names, titles, logins, messages) inert in GitHub Markdown:
 * no HTML, no Markdown syntax, no table breaks, no @-mentions, no autolinks, one line.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/[\r\n\t\v\f\u2028\u2029]+/g, ' ')
      // Invisible format characters can hide or reorder text (bidi overrides).
      .replace(/[\u0000-\u0008\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '\uFFFD')
      // Inline syntax: emphasis, code, links and images, tables, strikethrough, math.
      .replace(/[\\`*_[\]|~$]/g, '\\$&')
      // Block syntax only counts at the start of a line: headings, lists, quotes, rules.
      .replace(/^(\s*)([#+\-=])/, '$1\\$2')
      .replace(/^(\s*\d+)([.)])/, '$1\\$2')
      .replace(/[&<>]/g, (c) => HTML_ENTITIES[c] ?? c)
      // A zero-width space stops GitHub from turning text into mentions and links.
      .replace(/@/g, '@\u200B')
      .replace(/:\/\//g, ':\u200B//')
      .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\u200B.`)
  );
}

/** Inline code for untrusted text: `<code>` keeps backticks in names from breaking out. */
export function code(text: string): string {
  return `<code>${escapeMarkdown(text)}</code>`;
}

/** Text safe for one line of a terminal: no escape sequences from untrusted input. */
export function escapeTerminal(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => (c === '\t' ? ' ' : '\uFFFD'));
}
