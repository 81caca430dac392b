import { MAX_DIFF_LINE_BYTES } from '../diff/parse.js';
import { firstPathMatch } from '../match.js';
import { compilePattern } from '../pattern.js';
import { allowedByPattern } from '../secrets/allow.js';
import { scanPatch } from '../secrets/diff.js';
import { scanBytes } from '../secrets/pieces.js';
import { titleWithEncoding } from '../secrets/encoded.js';
import { scanPath } from '../secrets/hostile.js';
import { PARTIAL_LINE_FIX, partialLineMessage } from '../secrets/partial.js';
import { redact } from '../secrets/redact.js';
import { confidenceOf, ruleById } from '../secrets/rules.js';
import { CONFIDENCES, type Confidence } from '../secret-rule-ids.js';
import { scanText, type ScannerOptions, type SecretMatch } from '../secrets/scanner.js';
import { shortSha } from './commit-text.js';
import { plural, result, unlistedCommits, unlistedFiles, type Finding, type GateContext, type GateResult } from './types.js';

const ROTATE = 'Treat it as leaked: revoke it and issue a new one now, because it stays in the branch history even after the line is removed.';
const FALSE_POSITIVE = 'If it is not a secret, a maintainer can allow it with "gates.secrets.allow_patterns" in the policy of the base branch.';

function describe(match: SecretMatch): { title: string; preview: string; confidence: Confidence } {
  const rule = ruleById(match.ruleId);
  return { title: titleWithEncoding(rule?.title ?? match.ruleId, match.encoding), preview: redact(match.value), confidence: confidenceOf(rule) };
}

function partialLine(path: string, line: number, length: number): Finding {
  const message = partialLineMessage(line, length, MAX_DIFF_LINE_BYTES);
  return { file: path, line, message: `${message.charAt(0).toUpperCase()}${message.slice(1)}.`, fix: PARTIAL_LINE_FIX };
}

/** At most this many possible secrets are named in the note: the JSON report and SARIF list them all. */
const MAX_LISTED_ADVISORIES = 20;

/** Every added line, every file name, the title, the body and each commit message: the things a PR puts into the repository's history. */
export function secretsGate(context: GateContext): GateResult {
  const { facts } = context;
  const policy = context.gates.secrets;
  const options: ScannerOptions = { disabledRules: policy.disable_rules };
  const allowPatterns = policy.allow_patterns.map(compilePattern);
  const findings: Finding[] = [];
  const values = new Set<string>();
  const binary: string[] = [];
  const allowedFiles: string[] = [];
  const inheritedNames: string[] = [];
  let allowedValues = 0;
  /** Where each secret finding is, by its index in `findings`, for the note that lists possible secrets. */
  const where = new Map<number, string>();
  let lines = 0;

  const keep = (matches: SecretMatch[]): SecretMatch[] =>
    matches.filter((m) => {
      values.add(m.value);
      if (!allowedByPattern(m.value, allowPatterns)) return true;
      allowedValues++;
      return false;
    });

  for (const file of facts.files) {
    // Names the PR does not add (a removed file, a rename's old name) are already in the base branch: redacted, noted, not failed.
    for (const [name, what] of [
      [file.status === 'removed' ? file.path : undefined, 'a removed file'],
      [file.previousPath, `the old name of ${file.path}`],
    ] as const) {
      if (name === undefined) continue;
      const matches = scanPath(name, options);
      for (const m of matches) values.add(m.value);
      const found = matches.filter((m) => !allowedByPattern(m.value, allowPatterns));
      if (found.length > 0) inheritedNames.push(`${what} holds a secret (${found.map((m) => redact(m.value)).join(', ')}), already in the history of the base branch: rotate it`);
    }
    if (file.status === 'removed') continue;
    if (firstPathMatch(policy.allow_paths, file.path)) {
      allowedFiles.push(file.path);
      for (const m of scanPath(file.path, options)) values.add(m.value);
      continue;
    }
    for (const m of keep(scanPath(file.path, options))) {
      const { title, preview, confidence } = describe(m);
      where.set(findings.length, `the name of ${file.path}`);
      findings.push({
        file: file.path,
        rule: m.ruleId,
        preview,
        confidence,
        message: `${title} (${preview}) in the file name (rule ${m.ruleId}).`,
        fix: `Rename the file (git mv) and rewrite the branch so that no commit has the old name, then force-push. ${ROTATE}`,
      });
    }
    if (file.binary) binary.push(file.path);
    let matches: SecretMatch[];
    if (file.patch !== undefined) {
      const scanned = scanPatch(file.patch, file.path, options);
      lines += scanned.added;
      // Fails closed: a secret could sit past the part that was scanned.
      for (const part of scanned.partial) findings.push(partialLine(file.path, part.line, part.bytes));
      matches = scanned.found;
    } else if (file.content !== undefined) {
      const scanned = scanBytes(Buffer.from(file.content, 'utf8'), options);
      for (const cut of scanned.cut) findings.push(partialLine(file.path, cut.line, cut.bytes));
      matches = scanned.found;
      lines += file.additions;
    } else if (file.unreadable !== undefined || file.additions > 0 || file.binary) {
      findings.push({
        file: file.path,
        message: `This file could not be scanned for secrets: ${file.unreadable ?? 'its diff was not available'}.`,
        fix: 'Split the change into smaller files, or have a maintainer review this file by hand and merge it in a pull request of their own.',
      });
      continue;
    } else {
      continue;
    }
    for (const m of keep(matches)) {
      const { title, preview, confidence } = describe(m);
      where.set(findings.length, `${file.path}:${m.line}`);
      findings.push({
        file: file.path,
        line: m.line,
        column: m.column,
        rule: m.ruleId,
        preview,
        confidence,
        message: `${title} (${preview}) in column ${m.column} (rule ${m.ruleId}).`,
        fix: `Remove it from the pull request. ${ROTATE} ${FALSE_POSITIVE}`,
      });
    }
  }

  const texts: Array<{ where: string; text: string; fix: string }> = [
    { where: 'the pull request title', text: facts.title, fix: `Edit the title of the pull request to remove it. ${ROTATE}` },
    { where: 'the pull request description', text: facts.body, fix: `Edit the description to remove it (its edit history keeps the old text: ask a maintainer to delete that revision). ${ROTATE}` },
    ...facts.commits.map((c) => ({
      where: `the message of commit ${shortSha(c.sha)}`,
      text: c.message,
      fix: `Rewrite the commit message (git rebase -i, then reword) and force-push. ${ROTATE}`,
    })),
  ];
  for (const { where: where_, text, fix } of texts) {
    for (const m of keep(scanText(text, options))) {
      const { title, preview, confidence } = describe(m);
      where.set(findings.length, where_);
      findings.push({ rule: m.ruleId, preview, confidence, message: `${title} (${preview}) in ${where_}, line ${m.line} (rule ${m.ruleId}).`, fix });
    }
  }

  findings.push(
    ...unlistedCommits(facts, (others) => `the messages of the other ${others} could not be scanned for secrets`),
    ...unlistedFiles(facts, () => 'the others could not be scanned for secrets'),
  );

  // Below min_confidence a finding is an advisory: shown, in the JSON report and SARIF, but it does not fail the gate.
  const least = CONFIDENCES.indexOf(policy.min_confidence);
  const advisories: Finding[] = [];
  const possible: string[] = [];
  const failing = findings.filter((f, i) => {
    if (f.confidence === undefined || CONFIDENCES.indexOf(f.confidence) <= least) return true;
    advisories.push(f);
    possible.push(`${where.get(i) ?? 'the pull request'} ${ruleById(f.rule ?? '')?.title ?? f.rule ?? ''} (${f.preview ?? ''})`);
    return false;
  });
  findings.splice(0, findings.length, ...failing);
  const more = possible.length > MAX_LISTED_ADVISORIES ? `, and ${possible.length - MAX_LISTED_ADVISORIES} more in the JSON report` : '';

  const notes = [
    ...(advisories.length > 0
      ? [
          `${plural(advisories.length, 'low-confidence possible secret')}, not failing (below gates.secrets.min_confidence: ${policy.min_confidence}): ${possible.slice(0, MAX_LISTED_ADVISORIES).join('; ')}${more}. Check each one; rotate any that is real.`,
        ]
      : []),
    ...(binary.length > 0 ? [`${plural(binary.length, 'binary file')} scanned byte by byte (packed content, such as a zip archive, is not unpacked): ${binary.join(', ')}`] : []),
    ...inheritedNames,
    ...(allowedFiles.length > 0 ? [`${plural(allowedFiles.length, 'file')} not scanned (gates.secrets.allow_paths): ${allowedFiles.join(', ')}`] : []),
    ...(allowedValues > 0 ? [`${plural(allowedValues, 'value')} allowed by gates.secrets.allow_patterns`] : []),
  ];
  const secrets = findings.filter((f) => f.rule !== undefined).length;
  const scanned = `${plural(lines, 'added line')}, the title, the description and ${plural(facts.commits.length, 'commit message')}`;
  const failSummary = secrets > 0 ? `${plural(secrets, 'secret')} found` : 'not everything could be scanned';
  const gate = result('secrets', findings, `no secrets in ${scanned}`, failSummary, notes);
  const withAdvisories = advisories.length > 0 ? { ...gate, advisories } : gate;
  return values.size > 0 ? { ...withAdvisories, secretValues: [...values] } : withAdvisories;
}
