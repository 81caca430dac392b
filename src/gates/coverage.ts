import { changedCoverage, coverageTotals, formatRanges, mapToRepository, percent, repositoryIndex, type CoverageDetails, type MissingReason } from '../coverage/changed.js';
import type { CoverageInput, FileCoverage } from '../coverage/types.js';
import { quoteUntrusted } from '../secrets/quote.js';
import { plural, type Finding, type GateContext, type GateResult } from './types.js';

/** At most this many uncovered ranges become findings (and so annotations), largest first. */
export const RANGE_FINDINGS = 20;

const below = (covered: number, lines: number, threshold: number): boolean => covered * 100 < threshold * lines;

const MISSING: Record<MissingReason, { message: (path: string) => string; fix: string }> = {
  'not-in-report': {
    message: () => 'This changed source file is in none of the coverage reports, so its new lines count as untested.',
    fix: "Make the test run cover this file (check the coverage tool's include settings), or, if it needs no tests, add it to gates.coverage.ignore in the policy on the base branch.",
  },
  ambiguous: {
    message: () => 'The coverage reports name this file only by a path that fits several files of the repository (a filename relative to one of several Cobertura <source> folders), so its lines cannot be told from the others.',
    fix: "Make the coverage tool write paths from the repository root (coverage.py: relative_files = True in [run]), or give it a single source folder, or set gates.coverage.path_prefix in the policy on the base branch.",
  },
  'totals-only': {
    message: () => 'The coverage reports give only totals for this file (coverage-summary.json), not its lines.',
    fix: 'Also produce a line-level report (lcov, coverage-final.json, Cobertura) and pass it in the input coverage.',
  },
  'no-diff': {
    message: () => 'GitHub sent no diff for this file (it is too large), so its added lines cannot be measured.',
    fix: 'Split the change to this file into smaller pull requests.',
  },
};

/** Line coverage of the whole report and of the lines the PR adds, from the reports of the PR's test run. */
export function coverageGate(context: GateContext): GateResult {
  const settings = context.gates.coverage;
  const input: CoverageInput = context.coverage ?? {
    kind: 'unavailable',
    reason: 'No coverage report was given, so the coverage of this pull request is unknown.',
    fix: 'Pass the report of the test run in the input coverage (a path or glob in the workspace) or coverage-artifact (for workflow_run).',
  };
  if (input.kind === 'unavailable') {
    return { id: 'coverage', status: 'fail', summary: 'no coverage report', findings: [{ message: input.reason, fix: input.fix }], notes: [] };
  }
  const entries: FileCoverage[] = input.reports.flatMap((r) => r.files);
  const mapped = mapToRepository(entries, repositoryIndex(context.facts.files, input.repository, settings.path_prefix));
  const totals = coverageTotals(mapped);
  // One report's own branch totals are exact; per-line branch data of istanbul's Cobertura and Clover is not.
  const [single, ...others] = input.reports;
  if (single?.branchTotals && others.length === 0) totals.branches = single.branchTotals;
  const changed = changedCoverage(context.facts.files, mapped, { ignore: settings.ignore });
  const applied = changed.executable >= settings.min_lines;
  const details: CoverageDetails = {
    reports: input.reports.map((r) => ({ origin: r.origin, format: r.format, files: r.files.length })),
    total: {
      lines: totals.lines,
      covered: totals.covered,
      percent: percent(totals.covered, totals.lines),
      threshold: settings.total,
      ...(totals.branches ? { branches: totals.branches } : {}),
    },
    changed: {
      lines: changed.executable,
      covered: changed.covered,
      percent: percent(changed.covered, changed.executable),
      threshold: settings.changed,
      minLines: settings.min_lines,
      applied,
    },
    files: changed.files,
    missing: changed.missing,
    ignored: changed.ignored,
  };

  const findings: Finding[] = [];
  const notes: string[] = [];
  let belowPolicy = false;
  if (settings.total > 0 && (totals.lines === 0 || below(totals.covered, totals.lines, settings.total))) {
    belowPolicy = true;
    findings.push({
      message:
        totals.lines === 0
          ? `The coverage reports count no executable lines at all; the policy needs ${settings.total}% line coverage in total.`
          : `Line coverage of the whole project is ${details.total.percent ?? 0}% (${totals.covered} of ${totals.lines} lines); the policy needs ${settings.total}%.`,
      fix: 'Add tests for the code this pull request touches until the total reaches the threshold.',
    });
  }
  for (const { path, reason, reportPath } of changed.missing) {
    const named = reportPath === undefined ? '' : ` (the reports name it ${quoteUntrusted(reportPath.slice(0, 200), 80)})`;
    findings.push({ file: path, message: `${MISSING[reason].message(path)}${named}`, fix: MISSING[reason].fix });
  }
  for (const report of input.reports) notes.push(...(report.notes ?? []));
  if (input.repository && !input.repository.complete) {
    notes.push('The repository has more files than one listing returns: report paths were mapped to the listed files and the changed ones.');
  }

  const ratio = `${changed.covered} of ${plural(changed.executable, 'added executable line')} covered`;
  if (!applied) {
    notes.push(
      `Only ${plural(changed.executable, 'added executable line')} (fewer than min_lines, ${settings.min_lines}): the changed-line threshold of ${settings.changed}% is not applied to so small a change.`,
    );
  } else if (below(changed.covered, changed.executable, settings.changed)) {
    const ranges = changed.files
      .flatMap((f) => f.uncovered.map(([from, to]) => ({ file: f.path, from, to })))
      .sort((a, b) => b.to - b.from - (a.to - a.from) || a.file.localeCompare(b.file) || a.from - b.from);
    const shown = ranges.slice(0, RANGE_FINDINGS);
    const more = ranges.length - shown.length;
    belowPolicy = true;
    findings.push({
      message: `${details.changed.percent ?? 0}% of the added lines are covered by tests (${ratio}); the policy needs ${settings.changed}%.${more > 0 ? ` The ${RANGE_FINDINGS} largest untested ranges are listed; ${more} more are in the table.` : ''}`,
      fix: 'Add tests that run the added lines listed below, then push: the report of the new run is read again.',
    });
    for (const r of shown) {
      findings.push({
        file: r.file,
        line: r.from,
        message: r.from === r.to ? `Added line ${r.from} is not covered by any test.` : `Added lines ${formatRanges([[r.from, r.to]])} are not covered by any test.`,
        fix: 'Add a test that runs this code.',
      });
    }
  }
  if (changed.ignored.length > 0) notes.push(`${plural(changed.ignored.length, 'changed file')} left out by gates.coverage.ignore`);

  const totalText = details.total.percent === null ? 'no lines in the reports' : `total ${details.total.percent}%`;
  const changedText = changed.executable === 0 ? 'no added executable lines' : `changed lines ${details.changed.percent ?? 0}% (${changed.covered}/${changed.executable})`;
  const summary = `${changedText}, ${totalText}`;
  return {
    id: 'coverage',
    status: findings.length > 0 ? 'fail' : 'pass',
    summary: belowPolicy ? `${summary}: below the policy` : findings.length > 0 ? `${summary}: ${plural(changed.missing.length, 'changed file')} not measured` : summary,
    findings,
    notes,
    coverage: details,
  };
}
