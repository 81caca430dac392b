import { compilePattern } from '../pattern.js';
import { plural, result, type Finding, type GateContext, type GateResult } from './types.js';

const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const ISSUE_LINK = [
  // Closing keywords, "#12", "owner/repo#12", "GH-12", and issue URLs on any GitHub host.
  /(?:^|[\s(,[])(?:[\w.-]+\/[\w.-]+)?#\d+\b/,
  /\bGH-\d+\b/,
  /\bhttps?:\/\/[^\s/]+\/[^\s/]+\/[^\s/]+\/issues\/\d+\b/,
];

/** The body as a reader sees it: template comments left by the PR template do not count. */
export function visibleText(body: string): string {
  return body.replace(HTML_COMMENT, '');
}

export function hasIssueLink(body: string): boolean {
  const text = visibleText(body);
  return ISSUE_LINK.some((pattern) => pattern.test(text));
}

interface Section {
  title: string;
  level: number;
  content: string;
}

export function sections(body: string): Section[] {
  const found: Section[] = [];
  let fence: string | undefined;
  for (const line of visibleText(body).split(/\r?\n/)) {
    const fenceMatch = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch?.[1]) {
      if (fence === undefined) fence = fenceMatch[1].charAt(0);
      else if (fenceMatch[1].startsWith(fence)) fence = undefined;
    }
    const heading = fence === undefined ? /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line) : null;
    if (heading?.[1] && heading[2] !== undefined) {
      found.push({ title: heading[2], level: heading[1].length, content: '' });
    } else {
      const last = found[found.length - 1];
      if (last) last.content += `${line}\n`;
    }
  }
  return found;
}

function sectionProblems(body: string, required: readonly string[]): Finding[] {
  const all = sections(body);
  const findings: Finding[] = [];
  for (const name of required) {
    const wanted = name.trim().toLowerCase();
    const index = all.findIndex((s) => s.title.toLowerCase() === wanted);
    const section = all[index];
    if (!section) {
      findings.push({
        message: `The description has no "${name}" section.`,
        fix: `Add a heading "## ${name}" to the description, with a few sentences under it.`,
      });
      continue;
    }
    // Text under deeper headings belongs to this section too.
    let content = section.content;
    for (const next of all.slice(index + 1)) {
      if (next.level <= section.level) break;
      content += next.title + next.content;
    }
    if (content.trim() === '') {
      findings.push({ message: `The "${name}" section of the description is empty.`, fix: `Write under "## ${name}" what it asks for.` });
    }
  }
  return findings;
}

/** Makes expectations explicit: a linked issue, a real description, the agreed title format and sections. */
export function descriptionGate(context: GateContext): GateResult {
  const { facts } = context;
  const rules = context.gates.description;
  if (!facts.hasDescription) {
    return {
      id: 'description',
      status: 'skip',
      summary: 'no pull request description to check here (pass --title and --body-file)',
      findings: [],
      notes: [],
    };
  }
  const findings: Finding[] = [];
  const visible = visibleText(facts.body).replace(/\s+/g, ' ').trim();
  if (visible.length < rules.min_length) {
    findings.push({
      message: `The description is ${plural(visible.length, 'character')} long; at least ${rules.min_length} are expected.`,
      fix: 'Explain in the description what this pull request changes and why, and how it was tested.',
    });
  }
  if (rules.linked_issue && !hasIssueLink(facts.body)) {
    findings.push({
      message: 'The description does not link an issue.',
      // No "#123" example: the comment would link issue 123 of the repository, and a copy would carry the zero-width space that prevents it.
      fix: 'Add a line "Fixes #" followed by the number of the issue (or the issue URL) to the description, so that reviewers know which task this is.',
    });
  }
  if (rules.title_pattern !== undefined && !compilePattern(rules.title_pattern).test(facts.title)) {
    findings.push({
      message: `The title does not follow the agreed format (the pattern ${rules.title_pattern}).`,
      fix: 'Edit the title of the pull request so that it matches the pattern. Ask a maintainer for an example if the pattern is unclear.',
    });
  }
  findings.push(...sectionProblems(facts.body, rules.required_sections));
  return result('description', findings, 'the description meets the agreed conventions', plural(findings.length, 'problem') + ' with the description');
}
