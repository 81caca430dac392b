// The issue step of audit/action.yml, run by bash as the runner would, with a stand-in for GitHub's `gh`
// CLI (not installed here) that records its arguments and answers `issue list` as told: one issue per
// period, found again by its title and updated, or created the first time.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Step { if?: string; run?: string; env?: Record<string, string> }
const steps = (parse(readFileSync(join(import.meta.dirname, '../../audit/action.yml'), 'utf8')) as { runs: { steps: Step[] } }).runs.steps;
const issueStep = steps.find((s) => s.if === "inputs.issue == 'true'");

function runIssueStep(existing: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'vendor-gate-audit-issue-'));
  const log = join(dir, 'gh.log');
  const gh = join(dir, 'gh');
  // Each call: one line of its arguments, separated by tabs; `issue list` prints what the test gave.
  writeFileSync(gh, `#!/usr/bin/env bash\n(IFS=$'\\t'; echo "$*") >> ${JSON.stringify(log)}\nif [ "$1 $2" = "issue list" ]; then printf '%s' "$GH_STUB_LIST"; fi\n`);
  chmodSync(gh, 0o755);
  const body = join(dir, 'scorecard.md');
  writeFileSync(body, '# Vendor scorecard\n');
  const env = { PATH: `${dir}:${process.env.PATH ?? ''}`, GH_TOKEN: 't', GH_STUB_LIST: existing, VG_TITLE: 'Vendor scorecard: 2026-11', VG_BODY: body, VG_REPOSITORY: 'octo/ops' };
  expect(Object.keys(issueStep?.env ?? {}).sort()).toEqual(['GH_TOKEN', 'VG_BODY', 'VG_REPOSITORY', 'VG_TITLE']);
  const result = spawnSync('bash', ['-c', issueStep?.run ?? 'exit 3'], { env, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return readFileSync(log, 'utf8').trim().split('\n').map((line) => line.split('\t').map((arg) => (arg === body ? '<body>' : arg)).join(' '));
}

describe("audit/action.yml's issue step", () => {
  it('creates the issue of the period the first time', () => {
    const calls = runIssueStep('');
    expect(calls[0]).toMatch(/^issue list --repo octo\/ops --state all --search "Vendor scorecard: 2026-11" in:title /);
    expect(calls[1]).toBe('issue create --repo octo/ops --title Vendor scorecard: 2026-11 --body-file <body>');
  });

  it('updates the issue of the period when it exists, never creating a second one', () => {
    const calls = runIssueStep('17\n');
    expect(calls.slice(1)).toEqual(['issue edit 17 --repo octo/ops --body-file <body>']);
  });
});
