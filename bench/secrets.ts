// Secret scanning measured honestly (issue 9): real third-party text from this repository's node_modules
// (at least 50 MB of JS, TS, JSON, Markdown and lock files) as a unified diff of added files, with tokens
// planted by a generator that knows only the documented formats of bench/token-formats.ts, never the
// rules. Prints: findings per MB on the real text and every one of them (redacted), recall per provider
// family and the number of providers found, secretlint in the same run (in process and its CLI over the
// same files), and MB/s on one core next to a bare Node pass that only splits the diff into added lines.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import { DiffSecretScanner, type LocatedMatch } from '../src/secrets/diff.js';
import { redact } from '../src/secrets/redact.js';
import { confidenceOf, ruleById } from '../src/secrets/rules.js';
import { readChunks } from '../src/secrets/stream.js';
import { pemBlock, TOKEN_FORMATS, type Random } from './token-formats.js';

const MB = 1024 * 1024;
const TARGET_BYTES = 56 * MB;
/** Files larger than this are skipped: a few generated giants (OpenAPI specs) would otherwise be most of the corpus. */
const MAX_FILE = 2 * MB;
const PLANT_EVERY_LINES = 400;
const PASSES = 3;
/** secretlint's CLI takes minutes over the whole corpus on this machine: it gets the first files up to this size (MB/s stays comparable). */
const CLI_BYTES = 8 * MB;
const ROOT = join(import.meta.dirname, '..');
const NODE_MODULES = realpathSync(join(ROOT, 'node_modules'));
const DIST_CLI = join(ROOT, 'dist/cli.js');
// The built command in a fresh process: its peak RSS is the scanner's own, without the corpus builder's.
const CLI_PROBE = `
const [cliPath, diffPath] = process.argv.slice(1);
const { cli } = await import(cliPath);
const start = performance.now();
let out = '';
const code = await cli(['scan', '--diff', diffPath, '--format', 'json'], { stdout: (t) => { out += t; }, stderr: () => {}, cwd: process.cwd(), now: new Date() });
console.log(JSON.stringify({ code, seconds: (performance.now() - start) / 1000, rssKb: process.resourceUsage().maxRSS }));
`;
const EXTENSIONS = /\.(?:js|mjs|cjs|ts|mts|cts|json|md|markdown)$|(?:^|\/)(?:yarn\.lock|pnpm-lock\.yaml)$/;

function prng(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Corpus files in a fixed order (sorted walk), until TARGET_BYTES. */
function corpusFiles(): string[] {
  const files: string[] = [];
  let total = 0;
  const walk = (dir: string): boolean => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === '.cache' || entry.name === '.bin') continue;
        if (walk(path)) return true;
      } else if (entry.isFile() && EXTENSIONS.test(path)) {
        const size = statSync(path).size;
        if (size === 0 || size > MAX_FILE) continue;
        files.push(path);
        total += size;
        if (total >= TARGET_BYTES) return true;
      }
    }
    return false;
  };
  walk(NODE_MODULES);
  return files;
}

interface Plant {
  provider: string;
  family: string;
}

interface Corpus {
  diffPath: string;
  filesDir: string;
  realBytes: number;
  fileCount: number;
  /** Each file's path under filesDir and size as written (with its plants). */
  written: Array<[string, number]>;
  /** path:line of each planted secret's first line (new-file line numbers, as the scanner reports them). */
  planted: Map<string, Plant>;
  /** [start, end) character offsets in the diff text of each planted line, for secretlint's in-process run (its line count differs on U+2028). */
  plantedRanges: Array<[number, number, Plant]>;
}

const PEM: Plant = { provider: 'Private key (PEM)', family: 'Private keys' };

function build(dir: string): Corpus {
  const random = prng(20261201);
  const diffPath = join(dir, 'corpus.diff');
  const filesDir = join(dir, 'files');
  const fd = openSync(diffPath, 'w');
  const planted = new Map<string, Plant>();
  const plantedRanges: Array<[number, number, Plant]> = [];
  let offset = 0;
  let realBytes = 0;
  let sincePlant = 0;
  let formatIndex = 0;
  const plants: Array<[number, number, Plant]> = [];
  const written: Array<[string, number]> = [];
  const files = corpusFiles();
  for (const file of files) {
    const path = relative(NODE_MODULES, file);
    const text = readFileSync(file, 'utf8');
    realBytes += Buffer.byteLength(text);
    const out: string[] = [];
    for (const line of text.replace(/\r?\n$/, '').split(/\r?\n/)) {
      out.push(line);
      if (++sincePlant < PLANT_EVERY_LINES) continue;
      sincePlant = 0;
      // Round robin over the formats, so every provider gets about the same number of plants.
      const index = formatIndex++ % (TOKEN_FORMATS.length + 1);
      const format = TOKEN_FORMATS[index];
      const lines = format ? [format.line(format.make(random), random)] : pemBlock(random);
      const plant = format ? { provider: format.provider, family: format.family } : PEM;
      planted.set(`${path}:${out.length + 1}`, plant);
      plants.push([out.length, lines.length, plant]);
      out.push(...lines);
    }
    const header = `diff --git a/${path} b/${path}\nnew file mode 100644\n--- /dev/null\n+++ b/${path}\n@@ -0,0 +1,${out.length} @@\n`;
    const body = out.map((l) => `+${l}`);
    const starts: number[] = [];
    let at = offset + header.length;
    for (const line of body) {
      starts.push(at);
      at += line.length + 1;
    }
    for (const [index, count, plant] of plants) plantedRanges.push([starts[index] ?? 0, (starts[index + count - 1] ?? 0) + (body[index + count - 1]?.length ?? 0), plant]);
    plants.length = 0;
    writeSync(fd, header);
    writeSync(fd, `${body.join('\n')}\n`);
    offset = at;
    const target = join(filesDir, path);
    mkdirSync(dirname(target), { recursive: true });
    const content = `${out.join('\n')}\n`;
    writeFileSync(target, content);
    written.push([path, Buffer.byteLength(content)]);
  }
  closeSync(fd);
  return { diffPath, filesDir, realBytes, fileCount: files.length, written, planted, plantedRanges };
}

/** The floor for any JavaScript scanner: read the same chunks and only find the added lines. */
function barePass(path: string): number {
  let added = 0;
  let carry = false;
  readChunks(path, (chunk) => {
    let from = 0;
    if (carry) {
      const nl = chunk.indexOf(10);
      if (nl < 0) return;
      from = nl + 1;
      carry = false;
    }
    for (;;) {
      if (chunk[from] === 43) added++;
      const nl = chunk.indexOf(10, from);
      if (nl < 0) {
        carry = from < chunk.length;
        return;
      }
      from = nl + 1;
    }
  });
  return added;
}

function best(fn: () => void): { best: number; first: number } {
  const times: number[] = [];
  for (let pass = 0; pass < PASSES; pass++) {
    const start = performance.now();
    fn();
    times.push((performance.now() - start) / 1000);
  }
  return { best: Math.min(...times), first: times[0] ?? 0 };
}

const pct = (n: number, d: number): string => `${d === 0 ? '-' : ((100 * n) / d).toFixed(1)}%`;

function recallTable(planted: Map<string, Plant>, hit: (key: string) => boolean): { byFamily: Map<string, [number, number]>; byProvider: Map<string, [number, number]> } {
  const byFamily = new Map<string, [number, number]>();
  const byProvider = new Map<string, [number, number]>();
  for (const [key, plant] of planted) {
    const found = hit(key) ? 1 : 0;
    for (const [map, name] of [[byFamily, plant.family], [byProvider, plant.provider]] as const) {
      const [f, n] = map.get(name) ?? [0, 0];
      map.set(name, [f + found, n + 1]);
    }
  }
  return { byFamily, byProvider };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vendor-gate-bench-secrets-'));
  try {
    const corpus = build(dir);
    const diffBytes = statSync(corpus.diffPath).size;
    const realMb = corpus.realBytes / MB;
    console.log(
      `corpus: ${realMb.toFixed(1)} MB of real text in ${corpus.fileCount} files from node_modules (JS, TS, JSON, Markdown, lock files; files over ${MAX_FILE / 1024} KB skipped), ` +
        `${corpus.planted.size} planted tokens of ${TOKEN_FORMATS.length + 1} documented formats (bench/token-formats.ts), one every ${PLANT_EVERY_LINES} lines; diff ${(diffBytes / MB).toFixed(1)} MB`,
    );

    let found: LocatedMatch[] = [];
    const ours = best(() => {
      const scanner = new DiffSecretScanner();
      readChunks(corpus.diffPath, (chunk) => { scanner.write(chunk); });
      found = scanner.finish();
    });
    let addedLines = 0;
    const bare = best(() => {
      addedLines = barePass(corpus.diffPath);
    });
    const ourSpeed = diffBytes / MB / ours.best;
    const bareSpeed = diffBytes / MB / bare.best;
    console.log(`\nspeed (one core, best of ${PASSES}):`);
    console.log(`  vendor-gate scan: ${ourSpeed.toFixed(1)} MB/s (first pass ${(diffBytes / MB / ours.first).toFixed(1)} MB/s)`);
    console.log(`  bare Node pass that only splits the diff into ${addedLines} added lines: ${bareSpeed.toFixed(1)} MB/s`);
    console.log(`  ratio: ${(ourSpeed / bareSpeed).toFixed(2)}x the bare pass (goal >= 0.5x)`);

    const probeRun = spawnSync(process.execPath, ['--input-type=module', '-e', CLI_PROBE, DIST_CLI, corpus.diffPath], { encoding: 'utf8' });
    const probe = JSON.parse(probeRun.stdout) as { code: number; seconds: number; rssKb: number };
    console.log(`  vendor-gate scan --diff (dist/cli.js, fresh process): ${(diffBytes / MB / probe.seconds).toFixed(1)} MB/s, exit ${probe.code}, peak RSS ${(probe.rssKb / 1024).toFixed(0)} MB`);

    const hitKeys = new Set(found.map((f) => `${f.path}:${f.line}`));
    const outside = found.filter((f) => !corpus.planted.has(`${f.path}:${f.line}`));
    const failing = outside.filter((f) => confidenceOf(ruleById(f.ruleId)) !== 'low');
    console.log(`\nfalse alarms on the real text (findings not at a planted line):`);
    console.log(`  ${outside.length} findings = ${(outside.length / realMb).toFixed(3)} per MB; at or above the default min_confidence (medium, would fail the gate): ${failing.length} = ${(failing.length / realMb).toFixed(3)} per MB`);
    for (const f of outside) console.log(`    ${f.path}:${f.line}:${f.column} ${f.ruleId} [${confidenceOf(ruleById(f.ruleId))}${f.encoding ? `, ${f.encoding}` : ''}] ${redact(f.value)}`);

    const ourRecall = recallTable(corpus.planted, (key) => hitKeys.has(key));
    const providers = [...ourRecall.byProvider];
    const recalled = [...corpus.planted.keys()].filter((k) => hitKeys.has(k)).length;
    console.log(`\nrecall of planted tokens: ${recalled}/${corpus.planted.size} = ${pct(recalled, corpus.planted.size)}`);
    console.log(`  providers found at least once: ${providers.filter(([, [f]]) => f > 0).length}/${providers.length}; with recall >= 90%: ${providers.filter(([, [f, n]]) => f / n >= 0.9).length}/${providers.length}`);
    for (const [family, [f, n]] of [...ourRecall.byFamily].sort()) console.log(`  ${family.padEnd(20)} ${String(f).padStart(4)}/${String(n).padEnd(4)} ${pct(f, n)}`);
    const missedProviders = providers.filter(([, [f, n]]) => f < n).map(([p, [f, n]]) => `${p} ${f}/${n}`);
    if (missedProviders.length > 0) console.log(`  providers not always found: ${missedProviders.join('; ')}`);

    // secretlint in process, the whole diff as one text (its API takes a string), scored by diff line.
    const whole = readFileSync(corpus.diffPath, 'utf8');
    let result: Awaited<ReturnType<typeof lintSource>> | undefined;
    const theirs = { best: Infinity, first: 0 };
    for (let pass = 0; pass < PASSES; pass++) {
      const t0 = performance.now();
      result = await lintSource({
        source: { filePath: corpus.diffPath, content: whole, contentType: 'text' },
        options: { config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommended }] }, maskSecrets: true },
      });
      const seconds = (performance.now() - t0) / 1000;
      if (pass === 0) theirs.first = seconds;
      theirs.best = Math.min(theirs.best, seconds);
    }
    const theirSpeed = diffBytes / MB / theirs.best;
    // Scored by line, counting lines as secretlint does (U+2028, U+2029 and a lone CR also end a line).
    const lineOfPlant = new Map<number, number>();
    const breaks = /\r\n|[\r\n\u2028\u2029]/g;
    let line = 1;
    let next = 0;
    for (let m = breaks.exec(whole); m && next < corpus.plantedRanges.length; m = breaks.exec(whole)) {
      while (next < corpus.plantedRanges.length && (corpus.plantedRanges[next]?.[0] ?? Infinity) < m.index + 1) lineOfPlant.set(line, next++);
      line++;
    }
    const foundRanges = new Set<number>();
    let theirOutside = 0;
    for (const m of result?.messages ?? []) {
      const index = lineOfPlant.get(m.loc.start.line);
      if (index === undefined) theirOutside++;
      else foundRanges.add(index);
    }
    const theirRecall = recallTable(new Map(corpus.plantedRanges.map(([, , plant], i) => [String(i), plant])), (key) => foundRanges.has(Number(key)));
    const theirFound = foundRanges.size;
    console.log(`\nsecretlint 11.7.1, recommended preset, in process (best of ${PASSES}): ${theirSpeed.toFixed(1)} MB/s (first pass ${(diffBytes / MB / theirs.first).toFixed(1)} MB/s)`);
    console.log(`  recall ${theirFound}/${corpus.plantedRanges.length} = ${pct(theirFound, corpus.plantedRanges.length)}; findings outside planted lines: ${theirOutside} = ${(theirOutside / realMb).toFixed(3)} per MB`);
    console.log(`  by family: ${[...theirRecall.byFamily].sort().map(([f, [h, n]]) => `${f} ${pct(h, n)}`).join(', ')}`);
    console.log(`  ratio in process: vendor-gate is ${(ourSpeed / theirSpeed).toFixed(1)}x secretlint (MB/s)`);

    // secretlint as its users run it: the CLI over the same files (with the same plants), one process.
    const rc = join(dir, '.secretlintrc.json');
    writeFileSync(rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
    const out = join(dir, 'secretlint.json');
    const t0 = performance.now();
    const subset: string[] = [];
    let subsetBytes = 0;
    for (const [path, bytes] of corpus.written) {
      if (subsetBytes >= CLI_BYTES) break;
      subset.push(path);
      subsetBytes += bytes;
    }
    const inSubset = new Set(subset);
    // Run from the files' folder (globby refuses paths outside the working directory); the preset resolves through NODE_PATH.
    const cli = spawnSync(process.execPath, [join(NODE_MODULES, 'secretlint/bin/secretlint.js'), '--no-glob', '--secretlintrc', rc, '--format', 'json', '--output', out, '--no-color', ...subset], {
      cwd: corpus.filesDir,
      env: { ...process.env, NODE_PATH: NODE_MODULES },
      encoding: 'utf8',
      maxBuffer: 256 * MB,
    });
    const cliSeconds = (performance.now() - t0) / 1000;
    let cliMessages: Array<{ filePath: string; messages: Array<{ loc: { start: { line: number } } }> }> = [];
    try {
      cliMessages = JSON.parse(readFileSync(out, 'utf8')) as typeof cliMessages;
    } catch {
      console.log(`  secretlint CLI wrote no JSON (exit ${String(cli.status)}): ${cli.stderr.slice(0, 300)}`);
    }
    const cliHits = new Set(cliMessages.flatMap((r) => r.messages.map((m) => `${relative(realpathSync(corpus.filesDir), realpathSync(r.filePath))}:${m.loc.start.line}`)));
    const subsetPlants = [...corpus.planted.keys()].filter((k) => inSubset.has(k.slice(0, k.lastIndexOf(':'))));
    const cliFound = subsetPlants.filter((k) => cliHits.has(k)).length;
    const ourFoundInSubset = subsetPlants.filter((k) => hitKeys.has(k)).length;
    const cliOutside = [...cliHits].filter((k) => !corpus.planted.has(k)).length;
    const cliSpeed = subsetBytes / MB / cliSeconds;
    console.log(`\nsecretlint CLI over the first ${subset.length} files (${(subsetBytes / MB).toFixed(1)} MB; one process, wall time including start-up): ${cliSeconds.toFixed(1)} s = ${cliSpeed.toFixed(2)} MB/s, exit ${String(cli.status)}`);
    console.log(`  recall ${cliFound}/${subsetPlants.length} = ${pct(cliFound, subsetPlants.length)} (vendor-gate on the same plants: ${pct(ourFoundInSubset, subsetPlants.length)}); findings outside planted lines: ${cliOutside} = ${(cliOutside / (subsetBytes / MB)).toFixed(3)} per MB`);
    console.log(`  ratio against the CLI: vendor-gate is ${(ourSpeed / cliSpeed).toFixed(1)}x secretlint's CLI (MB/s)`);

    console.log(`\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
    const targets = [
      [`>= 100 MB/s`, ourSpeed >= 100],
      [`>= 0.5x the bare pass`, ourSpeed / bareSpeed >= 0.5],
      [`recall >= 90%`, recalled / corpus.planted.size >= 0.9],
      [`<= 0.02 failing false alarms per MB`, failing.length / realMb <= 0.02],
    ] as const;
    console.log(`targets: ${targets.map(([name, ok]) => `${ok ? 'met' : 'MISSED'} ${name}`).join('; ')}`);
  } finally {
    if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  }
}

await main();
