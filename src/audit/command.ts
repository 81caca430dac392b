// `vendor-gate audit` and `vendor-gate audit merge`: wires the client, the collection and the renderers.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { errorMessage, UserError } from '../errors.js';
import { createClient, RequestBudget } from '../github/client.js';
import { useConditionalRequests } from '../github/etag-cache.js';
import { tokenLogin } from '../github/identity.js';
import { listOrgRepositories } from '../github/repos.js';
import type { Logger } from '../logger.js';
import { escapeTerminal } from '../report/escape.js';
import { chartLibrary } from './chart-library.js';
import { auditRepository, type Window } from './collect.js';
import { mergeParts, parsePart, type AuditPart } from './part.js';
import { renderScorecardCsv, renderScorecardHtml, renderScorecardJson, renderScorecardMarkdown } from './render.js';
import { scorecard } from './scorecard.js';

export interface AuditIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  now: Date;
  env: NodeJS.ProcessEnv;
  /** Progress lines go to a terminal only, never into a CI log or a redirected file. */
  stderrIsTTY: boolean;
}

const FORMATS = ['markdown', 'json', 'csv', 'html'] as const;
type Format = (typeof FORMATS)[number];
/** An audit of many repositories may take long: one hour for the API, with retries and rate-limit waits. */
const AUDIT_BUDGET_MS = 60 * 60 * 1000;

function format(value: string | undefined): Format {
  const found = FORMATS.find((f) => f === value);
  if (!found) throw new UserError(`--format is ${JSON.stringify(value)}; expected ${FORMATS.join(', ')}.`);
  return found;
}

/** `--since 30d` (days) or `4w` (weeks), or `--from`/`--to` dates; the window ends now unless `--to` says otherwise. */
export function auditWindow(values: { since?: string | undefined; from?: string | undefined; to?: string | undefined }, now: Date): Window {
  const date = (text: string, flag: string, endOfDay: boolean): string => {
    const time = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T${endOfDay ? '23:59:59' : '00:00:00'}Z`) : Date.parse(text);
    if (Number.isNaN(time)) throw new UserError(`${flag} is ${JSON.stringify(text)}; expected a date such as 2026-11-01.`);
    return new Date(time).toISOString();
  };
  if (values.since !== undefined && values.from !== undefined) throw new UserError('--since and --from exclude each other.');
  const to = values.to === undefined ? now.toISOString() : date(values.to, '--to', true);
  if (values.from !== undefined) {
    const from = date(values.from, '--from', false);
    if (from > to) throw new UserError('--from is after --to.');
    return { from, to };
  }
  const since = values.since ?? '30d';
  const match = /^(\d{1,4})([dw])$/.exec(since);
  if (!match) throw new UserError(`--since is ${JSON.stringify(since)}; expected days or weeks, such as 30d or 4w.`);
  const days = Number(match[1]) * (match[2] === 'w' ? 7 : 1);
  return { from: new Date(Date.parse(to) - days * 86_400_000).toISOString(), to };
}

function render(part: AuditPart, as: Format): string {
  const card = scorecard(part);
  if (as === 'json') return renderScorecardJson(part, card);
  if (as === 'csv') return renderScorecardCsv(card);
  if (as === 'html') return renderScorecardHtml(card, chartLibrary());
  return renderScorecardMarkdown(card);
}

function output(text: string, out: string | undefined, io: AuditIo): void {
  if (out === undefined) io.stdout(text);
  else writeFileSync(resolve(io.cwd, out), text);
}

function merge(args: string[], io: AuditIo): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string', default: 'markdown' }, out: { type: 'string' } } });
  const as = format(values.format);
  if (positionals.length === 0) throw new UserError('audit merge needs the JSON parts to combine: vendor-gate audit merge part-*.json');
  const parts = positionals.map((file) => {
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, file), 'utf8');
    } catch (error) {
      throw new UserError(`Could not read ${file}: ${errorMessage(error)}`);
    }
    return parsePart(text, file);
  });
  output(render(mergeParts(parts), as), values.out, io);
  return 0;
}

export async function audit(args: string[], io: AuditIo): Promise<number> {
  if (args[0] === 'merge') return merge(args.slice(1), io);
  const { values } = parseArgs({
    args,
    options: {
      repo: { type: 'string', multiple: true },
      org: { type: 'string', multiple: true },
      since: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      config: { type: 'string', default: '.github/vendor-gate.yml' },
      format: { type: 'string', default: 'markdown' },
      out: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      cache: { type: 'string' },
    },
  });
  const as = format(values.format);
  const window = auditWindow(values, io.now);
  const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN;
  if (!token) throw new UserError('audit reads GitHub: set GITHUB_TOKEN or GH_TOKEN to a token that can read the repositories (and the teams the policies name).');
  const repos = (values.repo ?? []).map((text) => {
    const [owner = '', repo = '', ...rest] = text.split('/');
    if (owner === '' || repo === '' || rest.length > 0) throw new UserError(`--repo is ${JSON.stringify(text)}; expected owner/name.`);
    return { owner, repo };
  });
  if (repos.length === 0 && (values.org ?? []).length === 0) throw new UserError('Name what to audit: --repo owner/name (repeatable) or --org name.');
  const say = (line: string) => { io.stderr(`vendor-gate: ${escapeTerminal(line)}\n`); };
  const logger: Logger = {
    // Rate-limit waits are warnings from the client: shown always, as a long pause needs a reason.
    info: (m) => { if (io.stderrIsTTY) say(m); },
    warning: (m) => { say(`warning: ${m}`); },
    debug: (m) => { if (values.verbose) say(`debug: ${m}`); },
  };
  const client = createClient({ token, baseUrl: io.env.GITHUB_API_URL || 'https://api.github.com', logger, budget: new RequestBudget(AUDIT_BUDGET_MS) });
  const cache = values.cache === undefined ? undefined : useConditionalRequests(client, resolve(io.cwd, values.cache));
  let login: Promise<string> | undefined;
  const whoAmI = (): Promise<string> => (login ??= tokenLogin(client, token));
  const named = repos.length;
  for (const org of values.org ?? []) {
    const found = await listOrgRepositories(client, org);
    logger.info(`${org}: ${found.length} repositories`);
    repos.push(...found);
  }
  const parts: AuditPart[] = [];
  for (const [i, coordinates] of repos.entries()) {
    logger.info(`repository ${i + 1} of ${repos.length}: ${coordinates.owner}/${coordinates.repo}`);
    const deps = { client, whoAmI, config: values.config, logger, progress: (line: string) => { logger.info(line); } };
    parts.push(await auditRepository(deps, coordinates, window, i >= named));
  }
  if (cache) logger.info(`${cache.hits} answers were unchanged since the last audit (HTTP 304, which costs no rate limit)`);
  const part = parts.length === 0 ? { formatVersion: 1 as const, window, repositories: [], pullRequests: [], contracts: [] } : mergeParts(parts);
  output(render({ ...part, window }, as), values.out, io);
  return 0;
}
