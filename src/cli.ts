#!/usr/bin/env node
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import packageJson from '../package.json' with { type: 'json' };
import { Document, isMap, isScalar, isSeq } from 'yaml';
import { loadWorkspaceCoverage } from './coverage/load.js';
import { listHeadFiles, withRepository } from './coverage/repository.js';
import type { CoverageInput } from './coverage/types.js';
import { errorMessage, UserError } from './errors.js';
import { gitIn, localFacts, resolveBase, tryGit, uncommittedChanges, type LocalChanges } from './facts/git.js';
import { firstPathMatch } from './match.js';
import { mergeGates, PolicyError } from './policy/load.js';
import { parsePolicyRef, refLabel, type CentralReader, type PolicyLayer, type PolicyRef } from './policy/extends.js';
import { globProblem } from './policy/schema.js';
import { resolvePolicy } from './policy/resolve.js';
import { escapeTerminal } from './report/escape.js';
import { renderSarif } from './report/sarif.js';
import { DiffSecretScanner, type LocatedMatch, type PartialLine } from './secrets/diff.js';
import { partialLineMessage } from './secrets/partial.js';
import { redact } from './secrets/redact.js';
import { titleWithEncoding } from './secrets/encoded.js';
import { confidenceOf, ruleById } from './secrets/rules.js';
import { CONFIDENCES, type Confidence } from './secret-rule-ids.js';
import { TextSecretScanner } from './secrets/pieces.js';
import { readChunks } from './secrets/stream.js';
import { makePlan } from './plan.js';
import { TerminalPublisher } from './publish/terminal.js';
import { audit } from './audit/command.js';
import { evaluatePlan } from './verdict.js';
import { walkFiles } from './walk.js';

const DEFAULT_CONFIG = '.github/vendor-gate.yml';

const CLI_COVERAGE_WORDING = (cwd: string) => ({
  what: '--coverage',
  folder: `this folder (${cwd})`,
  fix: 'Run your tests with coverage first (for example npx vitest run --coverage, or pytest --cov --cov-report=xml), then give the report\'s path relative to this folder.',
});

/** Each command's own usage: printed by `vendor-gate CMD --help` and `vendor-gate help CMD`. */
const COMMANDS: Record<'check' | 'validate' | 'scan' | 'audit', string> = {
  check: `  vendor-gate check [--base REF] [--staged | --worktree] [--config FILE] [--org-config OWNER/REPO:PATH@REF] [--coverage FILE]... [--author LOGIN] [--title TEXT] [--body-file FILE] [--format text|markdown|json]
      Runs the gates on the commits from the base branch to HEAD of this git checkout; with --staged also on
      what is staged, with --worktree on every change in the working tree (new files that .gitignore does
      not exclude too). Without them, uncommitted changes are not checked, and a notice says so.
      The policy is read from the base branch (${DEFAULT_CONFIG}), or from FILE in the working tree; central
      policies it extends are read through the GitHub API with the token in GITHUB_TOKEN or GH_TOKEN.
      --org-config applies the organisation's policy as the workflow's org-config inputs do: a floor, or the
      whole policy when the base branch has no policy file.
      --coverage names a coverage report (repeat it, or give a glob such as "packages/*/coverage/lcov.info").
      Exit code 0 when every gate passes, 1 when a gate fails, 2 when the check could not run.
`,
  validate: `  vendor-gate validate [FILE] [--format yaml|json]
      Checks a policy file (default ${DEFAULT_CONFIG}) and prints every problem with line:column,
      or the effective policy with the defaults and each profile applied (as JSON with --format json,
      problems included). With extends, a comment (or "sources" in JSON) names the file that set each value.
      Exit code 0 when the policy is valid, 2 when it is not or cannot be read.
`,
  scan: `  vendor-gate scan [PATH...] [--include GLOB]... [--exclude GLOB]... [--diff] [--min-confidence high|medium|low] [--format text|json|sarif]
      Scans files and folders (every file below a folder that its .gitignore files do not exclude; or stdin
      when no PATH is given, or PATH is -) for secrets, binary ones byte by byte. --include and --exclude
      keep only the files whose path (relative to the current folder) matches an include glob and no
      exclude glob. With --diff the input is a unified diff (git diff output) and only its added lines
      are scanned, with the line numbers of the new files; an added line longer than 1 MiB is scanned
      only in its first MiB and reported.
      Values are always redacted. A finding below --min-confidence (default medium, as in the policy) is
      listed as a possible secret but does not count.
      Exit code 0 when nothing is found, 1 when a secret is found or a line was scanned only in part, 2 when the scan could not run.
`,
  audit: `  vendor-gate audit (--repo OWNER/NAME... | --org ORG...) [--since 30d | --from DATE [--to DATE]] [--config FILE] [--format markdown|json|csv|html] [--out FILE] [--cache DIR] [--verbose]
  vendor-gate audit merge PART.json... [--format markdown|json|csv|html] [--out FILE]
      Reads the vendor pull requests updated in the period (vendors as each repository's policy on its default
      branch says) and the history vendor-gate keeps in its own comment on each, and prints a scorecard per
      vendor profile: first-push pass rate, pushes and time to green, failures per gate, secrets, waivers,
      changed-line coverage, contracts ending within 30 days, and a weekly trend. The token comes from
      GITHUB_TOKEN or GH_TOKEN (GITHUB_API_URL for GitHub Enterprise Server). With --org, repositories
      without the policy file are skipped. --format json writes a part that audit merge combines with others,
      so that a GitHub Actions matrix can audit one repository per job. --cache keeps GitHub's answers in DIR and
      asks again with their ETags: unchanged answers (HTTP 304) cost no rate limit.
      Exit code 0 when the scorecard was written, 2 when the audit could not run.
`,
};

const USAGE = `Usage:
${COMMANDS.check}${COMMANDS.validate}${COMMANDS.scan}${COMMANDS.audit}  vendor-gate help [COMMAND] | --help | --version
`;

const isCommand = (name: string | undefined): name is keyof typeof COMMANDS => name !== undefined && Object.hasOwn(COMMANDS, name);
const wantsHelp = (args: readonly string[]): boolean => args.includes('--help') || args.includes('-h');

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  now: Date;
  /** The environment: GITHUB_TOKEN or GH_TOKEN and GITHUB_API_URL, for central policies that a policy extends and for audit; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  stderrIsTTY?: boolean;
  /** Feeds standard input to `onChunk` (the scan command); defaults to reading descriptor 0. */
  readStdin?: (onChunk: (chunk: Buffer) => void) => void;
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`Could not read ${what} ${path}: ${errorMessage(error)}`);
  }
}

/**
 * Reads the central policies a policy extends through the GitHub API, with the token of the environment;
 * without one the command stops and says how to give one, rather than check against a partial policy.
 */
function centralReader(io: Io): CentralReader {
  let client: Promise<import('./github/client.js').Client> | undefined;
  return async (file) => {
    const token = io.env?.GITHUB_TOKEN || io.env?.GH_TOKEN;
    if (!token) {
      throw new UserError(
        `The policy extends the central policy ${refLabel(file)}, which vendor-gate reads through the GitHub API. ` +
          `Set GITHUB_TOKEN or GH_TOKEN to a token that can read ${file.owner}/${file.repo} (for example: GH_TOKEN=$(gh auth token) vendor-gate check), ` +
          'or pass --config with a flattened policy: vendor-gate validate prints one where a token is set.',
      );
    }
    // Loaded only when a policy extends another: most runs of the CLI never talk to GitHub.
    client ??= import('./github/client.js').then(({ createClient, RequestBudget }) =>
      createClient({
        token,
        baseUrl: io.env?.GITHUB_API_URL || 'https://api.github.com',
        logger: { info: () => undefined, debug: () => undefined, warning: (m) => { io.stderr(`vendor-gate: ${m}\n`); } },
        budget: new RequestBudget(120_000),
      }),
    );
    const { readCentralPolicy } = await import('./github/central.js');
    return readCentralPolicy(await client, file);
  };
}

/** --org-config: the organisation's policy that the workflow's org-config inputs name, so that a local check applies the same floor. */
function orgConfig(value: string | undefined): PolicyRef | undefined {
  if (value === undefined) return undefined;
  const ref = parsePolicyRef(value);
  if (!ref) throw new UserError(`--org-config is ${JSON.stringify(value)}; expected owner/repo:path@ref, as the workflow's org-config-repo, org-config and org-config-ref name it.`);
  return ref;
}

async function check(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      base: { type: 'string' },
      config: { type: 'string' },
      'org-config': { type: 'string' },
      author: { type: 'string' },
      title: { type: 'string' },
      'body-file': { type: 'string' },
      coverage: { type: 'string', multiple: true },
      format: { type: 'string', default: 'text' },
      staged: { type: 'boolean', default: false },
      worktree: { type: 'boolean', default: false },
    },
  });
  const format = values.format;
  if (format !== 'text' && format !== 'markdown' && format !== 'json') {
    throw new UserError(`--format is ${JSON.stringify(format)}; expected text, markdown or json.`);
  }
  const floor = orgConfig(values['org-config']);
  if (values.staged && values.worktree) throw new UserError('--staged and --worktree exclude each other: --worktree already includes what is staged.');
  const changes: LocalChanges = values.worktree ? 'worktree' : values.staged ? 'staged' : 'committed';
  const git = gitIn(io.cwd);
  const top = (await tryGit(git, ['rev-parse', '--show-toplevel']))?.trim();
  if (!top) {
    throw new UserError(
      `${io.cwd} is not inside a git checkout. vendor-gate check compares the commits of a branch with its base branch: run it in your clone of the repository. To look for secrets in plain files, use vendor-gate scan.`,
    );
  }
  const base = await resolveBase(git, values.base);
  if (changes !== 'committed') io.stderr(`vendor-gate: checking the commits since ${base.ref} and ${changes === 'staged' ? 'the staged changes' : 'every change in the working tree'}.\n`);
  const uncommitted = changes === 'committed' ? await uncommittedChanges(git) : 0;
  if (uncommitted > 0) {
    io.stderr(`vendor-gate: ${uncommitted} file${uncommitted === 1 ? ' has' : 's have'} changes that are not committed, and are not checked. Add --staged to check what is staged too, or --worktree for every change in the working tree.\n`);
  }
  const configFile = values.config;
  // Locally a missing default policy means the built-in defaults, so that any checkout can try the gates.
  const onBase = configFile === undefined ? await tryGit(git, ['cat-file', 'blob', `${base.sha}:${DEFAULT_CONFIG}`]) : undefined;
  if (configFile === undefined && onBase === undefined && !floor && isFile(resolve(top, DEFAULT_CONFIG))) {
    io.stderr(`vendor-gate: the base branch ${base.ref} has no ${DEFAULT_CONFIG}, so the built-in defaults apply. Your working tree has one: try it with --config ${DEFAULT_CONFIG}\n`);
  }
  const central = { read: centralReader(io), ...(floor ? { floor } : {}) };
  const resolved =
    configFile !== undefined
      ? await resolvePolicy(configFile, () => Promise.resolve(readText(configFile, 'the policy file')), { description: 'disk' }, central)
      : onBase === undefined
        ? await resolvePolicy('', () => Promise.resolve(undefined), { description: base.ref }, central)
        : await resolvePolicy(DEFAULT_CONFIG, () => Promise.resolve(onBase), { description: base.ref, sha: base.sha }, central);
  const facts = await localFacts(git, {
    base,
    changes,
    root: top,
    ...(values.author !== undefined ? { author: values.author } : {}),
    ...(values.title !== undefined ? { title: values.title } : {}),
    ...(values['body-file'] !== undefined ? { body: readText(values['body-file'], 'the body file') } : {}),
  });
  const patterns = values.coverage ?? [];
  const coverage: CoverageInput =
    patterns.length > 0
      ? withRepository(loadWorkspaceCoverage(patterns.join('\n'), io.cwd, CLI_COVERAGE_WORDING(io.cwd)), await listHeadFiles(git))
      : { kind: 'unavailable', reason: 'No coverage report was given (--coverage).', fix: 'Run the tests with coverage, then pass the report: vendor-gate check --coverage coverage/lcov.info' };
  const { report } = evaluatePlan(facts, makePlan(resolved.policy, facts), resolved.source, { mode: 'enforce', now: io.now, forceGates: true, coverage });
  const publisher = new TerminalPublisher(io.stdout, format);
  await publisher.publish(report);
  return publisher.exitCode;
}

async function validate(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string', default: 'yaml' } } });
  if (positionals.length > 1) throw new UserError('validate takes one policy file.');
  const format = values.format;
  if (format !== 'yaml' && format !== 'json') throw new UserError(`--format is ${JSON.stringify(format)}; expected yaml or json.`);
  const file = positionals[0] ?? DEFAULT_CONFIG;
  let resolved: Awaited<ReturnType<typeof resolvePolicy>>;
  try {
    resolved = await resolvePolicy(file, () => Promise.resolve(readText(file, 'the policy file')), { description: 'disk' }, { read: centralReader(io) });
  } catch (error) {
    if (format !== 'json' || !(error instanceof PolicyError)) throw error;
    io.stdout(`${JSON.stringify({ file: error.file, valid: false, problems: error.problems }, null, 2)}\n`);
    return 2;
  }
  const { policy, layers } = resolved;
  // Each profile's gates are written out in full: what applies to that vendor, with nothing to look up elsewhere.
  const effective = {
    version: policy.version,
    vendors: policy.vendors,
    reviewers: policy.reviewers,
    waiver: policy.waiver,
    gates: policy.gates,
    profiles: policy.profiles.map((p) => ({ ...p, gates: mergeGates(policy.gates, p.gates) })),
  };
  // Which file set each value matters only when several files were merged.
  const sources = layers.length > 1 ? sourcesOf(layers) : undefined;
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ file, valid: true, policy: effective, ...(sources ? { sources } : {}) }, null, 2)}\n`);
    return 0;
  }
  // No YAML anchors: a reader sees each profile's values where they apply, not "*a3".
  const doc = new Document(effective, { aliasDuplicateObjects: false });
  const floors = layers.slice(1).map((l) => l.label);
  if (sources) annotate(doc.contents, [], (key) => sources[key] ?? sources[key.replace(/^profiles\.[^.]+\.gates\./, 'gates.')]);
  const intro = sources
    ? `# ${file} is valid on the floor of ${floors.join(', ')}. The effective policy, with defaults and each profile applied; a comment names the file that set a value, and values without one are defaults:\n`
    : `# ${file} is valid. The effective policy, with defaults and each profile applied:\n`;
  io.stdout(`${intro}${doc.toString()}`);
  return 0;
}

/** Dotted key of every value each file writes, such as gates.size.max_lines or profiles.acme.valid_until, to the file that set it last. */
function sourcesOf(layers: readonly PolicyLayer[]): Record<string, string> {
  const sources: Record<string, string> = {};
  const walk = (value: unknown, key: string, label: string): void => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, key === '' ? k : `${key}.${k}`, label);
    } else if (key !== '' && value !== undefined) {
      sources[key] = label;
    }
  };
  // The most central file first: a nearer file that writes the same key set it.
  for (const layer of [...layers].reverse()) {
    const { vendors, reviewers, waiver, gates, profiles } = layer.parsed.raw;
    walk({ vendors, reviewers, waiver, gates }, '', layer.label);
    for (const p of profiles ?? []) walk({ match: p.match, valid_until: p.valid_until, gates: p.gates }, `profiles.${p.name}`, layer.label);
  }
  return sources;
}

function annotate(node: unknown, key: readonly string[], sourceOf: (key: string) => string | undefined): void {
  if (isSeq(node) && key.join('.') === 'profiles') {
    for (const item of node.items) {
      const name = isMap(item) ? item.get('name') : undefined;
      annotate(item, [...key, String(name)], sourceOf);
    }
    return;
  }
  if (!isMap(node)) return;
  for (const pair of node.items) {
    const k = isScalar(pair.key) ? String(pair.key.value) : '';
    const path = [...key, k];
    const source = sourceOf(path.join('.'));
    // A comment after a block list would stand below its last item: a list gets it on the line above its key.
    if (source !== undefined && isScalar(pair.value) && path.at(-1) !== 'name') pair.value.comment = ` from ${source}`;
    if (source !== undefined && isSeq(pair.value) && isScalar(pair.key)) pair.key.commentBefore = ` from ${source}`;
    annotate(pair.value, path, sourceOf);
  }
}

const STDIN = '-';

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function readInput(path: string, io: Io, onChunk: (chunk: Buffer) => void): void {
  if (path === STDIN) {
    (io.readStdin ?? ((feed) => readChunks(0, feed)))(onChunk);
    return;
  }
  try {
    readChunks(resolve(io.cwd, path), onChunk);
  } catch (error) {
    throw new UserError(`Could not read ${path}: ${errorMessage(error)}`);
  }
}

function scan(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      diff: { type: 'boolean', default: false },
      format: { type: 'string', default: 'text' },
      'min-confidence': { type: 'string', default: 'medium' },
      include: { type: 'string', multiple: true, default: [] },
      exclude: { type: 'string', multiple: true, default: [] },
    },
  });
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'sarif') {
    throw new UserError(`--format is ${JSON.stringify(format)}; expected text, json or sarif.`);
  }
  const least = CONFIDENCES.indexOf(values['min-confidence'] as Confidence);
  if (least < 0) throw new UserError(`--min-confidence is ${JSON.stringify(values['min-confidence'])}; expected ${CONFIDENCES.join(', ')}.`);
  const { include, exclude } = values;
  for (const [option, pattern] of [...include.map((p): [string, string] => ['--include', p]), ...exclude.map((p): [string, string] => ['--exclude', p])]) {
    const problem = globProblem(pattern);
    if (problem) throw new UserError(`${option} ${JSON.stringify(pattern)} is not a usable glob: ${problem}.`);
  }
  if (values.diff && include.length + exclude.length > 0) throw new UserError('--include and --exclude choose files to scan; with --diff, choose what goes into the diff instead (git diff -- PATHS).');
  // Globs match the path as given, relative to the current folder, with "/" between folders.
  const chosen = (path: string): boolean => {
    const posixPath = path.split(sep).join('/');
    return (include.length === 0 || firstPathMatch(include, posixPath) !== undefined) && firstPathMatch(exclude, posixPath) === undefined;
  };
  // A folder stands for every file below it that its .gitignore files do not exclude.
  const inputs = (positionals.length > 0 ? positionals : [STDIN]).flatMap((input) => {
    if (input === STDIN) return [input];
    if (!isDirectory(resolve(io.cwd, input))) return chosen(input) ? [input] : [];
    if (values.diff) throw new UserError(`${input} is a folder; --diff reads one diff file, or standard input.`);
    return walkFiles(resolve(io.cwd, input)).map((file) => relative(io.cwd, file) || file).filter(chosen);
  });
  const found: LocatedMatch[] = [];
  const skipped: string[] = [];
  const partial: PartialLine[] = [];
  for (const input of inputs) {
    const name = input === STDIN ? '<stdin>' : input;
    if (values.diff) {
      // A diff streams through in 4 MB pieces: any size, flat memory.
      const scanner = new DiffSecretScanner();
      readInput(input, io, (chunk) => { scanner.write(chunk); });
      found.push(...scanner.finish());
      skipped.push(...scanner.binary);
      partial.push(...scanner.partial);
    } else {
      // A NUL byte (binary, or UTF-16 text) does not stop the scan: the bytes are read with their NULs dropped.
      const scanner = new TextSecretScanner();
      readInput(input, io, (chunk) => { scanner.write(chunk); });
      found.push(...scanner.finish().map((m) => ({ ...m, path: name })));
      partial.push(...scanner.cut.map((cut) => ({ ...cut, path: name })));
    }
  }
  const rows = found.map((f) => {
    const rule = ruleById(f.ruleId);
    const confidence = confidenceOf(rule);
    return {
      path: f.path,
      line: f.line,
      column: f.column,
      rule: f.ruleId,
      title: titleWithEncoding(rule?.title ?? f.ruleId, f.encoding),
      severity: rule?.severity ?? 'high',
      confidence,
      // Below --min-confidence: listed, not counted, as the gate's advisories.
      advisory: CONFIDENCES.indexOf(confidence) > least,
      preview: redact(f.value),
    };
  });
  const counted = rows.filter((r) => !r.advisory).length;
  const possible = rows.length - counted;
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ formatVersion: 1, findings: rows, skippedBinary: skipped, ...(partial.length > 0 ? { partiallyScanned: partial } : {}) }, null, 2)}\n`);
  } else if (format === 'sarif') {
    io.stdout(renderSarif(rows.map((r) => ({ ruleId: r.rule, message: `${r.title} (${r.preview}).`, file: r.path, line: r.line, column: r.column, advisory: r.advisory, preview: r.preview }))));
  } else {
    for (const r of rows) {
      const note = r.advisory ? `, ${r.confidence} confidence: a possible secret, not counted` : '';
      io.stdout(`${escapeTerminal(r.path)}:${r.line}:${r.column}: ${r.title} (${r.preview}) [${r.rule}${note}]\n`);
    }
    const partly = partial.length > 0 ? ` ${partial.length} line${partial.length === 1 ? ' was' : 's were'} scanned only in part (see above).` : '';
    const maybe = possible > 0 ? ` ${possible} possible secret${possible === 1 ? '' : 's'} below --min-confidence ${CONFIDENCES[least] ?? ''} ${possible === 1 ? 'is' : 'are'} listed above: check ${possible === 1 ? 'it' : 'each'}.` : '';
    for (const p of partial) io.stdout(`${escapeTerminal(p.path)}:${p.line}: ${partialLineMessage(p.line, p.bytes, p.scanned)}\n`);
    io.stdout(counted === 0 ? `No secrets found.${maybe}${partly}\n` : `${counted} secret${counted === 1 ? '' : 's'} found. Remove ${counted === 1 ? 'it' : 'them'}, and rotate any that was ever pushed.${maybe}${partly}\n`);
  }
  for (const path of skipped) io.stderr(`vendor-gate: skipped binary file ${escapeTerminal(path)}\n`);
  if (format !== 'text') for (const p of partial) io.stderr(`vendor-gate: ${escapeTerminal(p.path)}: ${partialLineMessage(p.line, p.bytes, p.scanned)}\n`);
  // Fails closed: a line scanned only in part may hide a secret.
  return counted > 0 || partial.length > 0 ? 1 : 0;
}

/** Runs the command line; returns the exit code: 0 passed, 1 a gate failed, 2 the command could not run. */
export async function cli(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (isCommand(command) && wantsHelp(rest)) {
      io.stdout(`Usage:\n${COMMANDS[command]}`);
      return 0;
    }
    switch (command) {
      case 'check':
        return await check(rest, io);
      case 'validate':
        return await validate(rest, io);
      case 'scan':
        return scan(rest, io);
      case 'audit':
        return await audit(rest, { ...io, env: io.env ?? process.env, stderrIsTTY: io.stderrIsTTY ?? false });
      case '--version':
      case '-v':
        io.stdout(`${packageJson.version}\n`);
        return 0;
      case 'help': {
        const topic = rest[0];
        if (topic !== undefined && !isCommand(topic)) throw new UserError(`There is no command ${JSON.stringify(topic)}.\n${USAGE}`);
        io.stdout(topic === undefined ? USAGE : `Usage:\n${COMMANDS[topic]}`);
        return 0;
      }
      case undefined:
      case '--help':
      case '-h':
        io.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UserError(`Unknown command ${JSON.stringify(command)}.\n${USAGE}`);
    }
  } catch (error) {
    const usage = error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
    io.stderr(`vendor-gate: ${errorMessage(error)}\n${usage ? (isCommand(command) ? `Usage:\n${COMMANDS[command]}` : USAGE) : ''}`);
    return 2;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    // npx and npm link start the CLI through a symlink in node_modules/.bin.
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.exitCode = await cli(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    now: new Date(),
    env: process.env,
    stderrIsTTY: process.stderr.isTTY,
  });
}
