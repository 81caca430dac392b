// Property: whatever the user text, escaped Markdown cannot open HTML, close a <details>, mention,
// link (autolink, [x](y), #123, www.), or break a table cell or a line.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { code, DISPLAY_LIMIT, escapeMarkdown } from '../../src/report/escape.js';

const HOSTILE = [
  '<', '>', '</details>', '<details>', '<!--', '-->', '<img src=x onerror=alert(1)>', '<https://evil.example>',
  '@', '@admins', '@my-org/security', 'bob@acme.example', '[x](https://evil.example)', '![i](y)', '[ref]: http://x',
  'https://', 'http://', 'mailto:a@b.c', 'www.', 'WWW.', '#', '#123', 'owner/repo#1', 'GH-42', 'gh-7', ':tada:', ':+1:',
  '|', '\\', '\\|', '`', '*', '_', '~', '$', '&', '&#64;', '&lt;', '\n', '\r\n', '\u2028', '\t', ' ', '# ', '1. ', '- ',
  '\u200B', '\u200D', '\u202E', '\u2066', '\uFEFF', '\u0000', '\u001b[31m', '😀', 'a', '1', ':',
];

const hostileText = fc.oneof(
  fc.array(fc.constantFrom(...HOSTILE), { maxLength: 40 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 5 })), { maxLength: 60 }).map((parts) => parts.join('')),
);

const ENTITY = /^&(?:amp|lt|gt|#8203);/;

/** Characters that Markdown would read as syntax, when not escaped by a backslash. */
function unescapedSyntax(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '\\') {
      i++;
      continue;
    }
    if ('[]|`*_~$<>'.includes(c)) return `${c} at ${i}`;
    if (c === '&' && !ENTITY.test(text.slice(i))) return `& at ${i}`;
  }
  return undefined;
}

function unsafe(out: string): string | undefined {
  if (/[<>]/.test(out)) return 'HTML';
  if (/[\r\n\u2028\u2029]/.test(out)) return 'line break';
  if (/[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/.test(out)) return 'invisible character';
  if (/@(?!&#8203;)/.test(out)) return 'mention';
  if (/:\/\//.test(out) || /www\./i.test(out)) return 'autolink';
  if (/(?<!&)#\d/.test(out) || /GH-\d/i.test(out)) return 'issue reference';
  if (/:[a-z_+-][\w+\\-]*:/i.test(out)) return 'emoji';
  return unescapedSyntax(out);
}

describe('escapeMarkdown on any text', () => {
  it('is inert and one line', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const out = escapeMarkdown(text);
        expect(unsafe(out), JSON.stringify(out)).toBeUndefined();
        // Block syntax counts only at the start of a line.
        expect(out).not.toMatch(/^\s*(?:[#+=-]|\d+[.)])/);
      }),
      { numRuns: 2_000 },
    );
  }, 60_000);

  it('keeps a table cell one cell, and <code> closed only by its own tag', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const row = `| ${escapeMarkdown(text)} | ${code(text)} |`;
        expect(row.replace(/\\./g, '').split('|')).toHaveLength(4);
        expect(code(text).match(/<\/?code>/g)).toEqual(['<code>', '</code>']);
      }),
      { numRuns: 1_000 },
    );
  }, 60_000);

  it('stays within the display limit, escapes included', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...HOSTILE), { minLength: 300, maxLength: 3_000 }).map((p) => p.join('')), (text) => {
        expect(Array.from(escapeMarkdown(text)).length).toBeLessThanOrEqual(DISPLAY_LIMIT * '@&#8203;'.length);
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});
