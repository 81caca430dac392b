// Runs the built action (dist/index.js) as the runner does: a fresh node process whose only
// configuration is its environment, with output and summary files in a temp folder.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultInputs } from '../action-inputs.js';

const require = createRequire(import.meta.url);
const examples = require('@octokit/webhooks-examples') as Array<{ name: string; examples: Array<Record<string, unknown>> }>;

export const DIST = join(import.meta.dirname, '../../dist/index.js');
export const OWNER = 'Codertocat';
export const REPO = 'Hello-World';

/** A real webhook payload from @octokit/webhooks-examples, deep-copied so tests can change it. */
export function payload(event: string, action?: string): Record<string, unknown> {
  const found = examples.find((e) => e.name === event)?.examples.find((e) => action === undefined || e.action === action);
  if (!found) throw new Error(`no ${event}${action ? `.${action}` : ''} example in @octokit/webhooks-examples`);
  return structuredClone(found);
}

/** A pull_request payload for PR `number`, as GitHub sends it. */
export function pullRequestPayload(number: number, action = 'opened', event: string = 'pull_request'): Record<string, unknown> {
  const body = payload(event === 'pull_request_target' ? 'pull_request' : event, action);
  body.number = number;
  (body.pull_request as Record<string, unknown>).number = number;
  return body;
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  runnerTemp: string;
}

function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1] ?? ''] = match[3] ?? '';
  return outputs;
}

export interface RunOptions {
  apiUrl: string;
  event: string;
  payload: Record<string, unknown>;
  inputs?: Record<string, string>;
  token?: string;
  /** Files of the job's workspace (GITHUB_WORKSPACE), such as a coverage report an earlier step wrote. */
  workspace?: Record<string, string | Buffer>;
  /** Kills a run that takes longer (a hang then fails its test, with code null, instead of outliving it). */
  timeoutMs?: number;
  /** What node runs instead of `[DIST]`, in the same environment: the benchmark adds flags, or runs `-e ''` for a bare start. */
  nodeArgs?: string[];
  /** Called with the child's process id once it started (the benchmark samples its CPU time). */
  onSpawn?: (pid: number) => void;
}

export async function runAction(options: RunOptions): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'vendor-gate-e2e-'));
  const files = { event: join(dir, 'event.json'), output: join(dir, 'output'), summary: join(dir, 'summary.md') };
  writeFileSync(files.event, JSON.stringify(options.payload));
  writeFileSync(files.output, '');
  writeFileSync(files.summary, '');
  const workspace = join(dir, 'workspace');
  mkdirSync(workspace);
  for (const [path, content] of Object.entries(options.workspace ?? {})) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), content);
  }
  const inputs = { ...defaultInputs(options.token ?? 'ghs_installation'), ...options.inputs };
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.event,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_API_URL: options.apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: workspace,
  };
  // The runner passes inputs as INPUT_<NAME> with the hyphen kept, which only a direct spawn preserves.
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const child = spawn(process.execPath, options.nodeArgs ?? [DIST], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid !== undefined) options.onSpawn?.(child.pid);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(readFileSync(files.output, 'utf8')),
    summary: readFileSync(files.summary, 'utf8'),
    runnerTemp: dir,
  };
}
