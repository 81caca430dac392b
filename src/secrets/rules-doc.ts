// The README's table of secret rules, generated from the rules so that it cannot drift from them.
import { RULES } from './rules.js';

export const RULES_TABLE_START = '<!-- secret-rules:start (npm run secret-rules) -->';
export const RULES_TABLE_END = '<!-- secret-rules:end -->';

export function rulesTable(): string {
  const rows = RULES.map((r) => `| \`${r.id}\` | ${r.title} | ${r.confidence ?? 'high'} |`);
  return [RULES_TABLE_START, '| Rule id | Finds | Confidence |', '| --- | --- | --- |', ...rows, RULES_TABLE_END].join('\n');
}

/** README text with the table between the markers replaced. */
export function withRulesTable(readme: string): string {
  const start = readme.indexOf(RULES_TABLE_START);
  const end = readme.indexOf(RULES_TABLE_END);
  if (start < 0 || end < start) throw new Error('README.md has no secret rules markers');
  return readme.slice(0, start) + rulesTable() + readme.slice(end + RULES_TABLE_END.length);
}
