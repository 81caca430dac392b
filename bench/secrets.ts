// Secret scanning on a generated 50 MB unified diff: our scanner, then secretlint's recommended
// preset on the same diff, in the same run. Prints MB/s of each, the ratio, recall of the planted secrets, findings
// outside planted lines, and peak RSS. Deterministic: the same seed gives the same diff.
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import { withCrc } from '../src/secrets/checksum.js';
import { DiffSecretScanner, type LocatedMatch } from '../src/secrets/diff.js';
import { readChunks } from '../src/secrets/stream.js';

const TARGET_BYTES = 50 * 1024 * 1024;
const PLANT_EVERY_LINES = 1500;
const PASSES = 3;
const DIST_CLI = join(import.meta.dirname, '../dist/cli.js');
const CLI_PROBE = `
const [cliPath, diffPath] = process.argv.slice(1);
const { cli } = await import(cliPath);
const start = performance.now();
let out = '';
const code = await cli(['scan', '--diff', diffPath, '--format', 'json'], { stdout: (t) => { out += t; }, stderr: () => {}, cwd: process.cwd(), now: new Date() });
const seconds = (performance.now() - start) / 1000;
console.log(JSON.stringify({ code, seconds, rssKb: process.resourceUsage().maxRSS, findings: JSON.parse(out).findings.length }));
`;
const MB = 1024 * 1024;

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(20261128);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const chars = (alphabet: string, n: number): string => {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet.charAt(Math.floor(random() * alphabet.length));
  return out;
};
const alnum = (n: number): string => chars(ALNUM, n);
const hex = (n: number): string => chars('0123456789abcdef', n);
const b64 = (n: number): string => chars(`${ALNUM}+/`, n);
const upper = (n: number): string => chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', n);
const uuid = (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
const words = ['user', 'order', 'invoice', 'report', 'account', 'session', 'payment', 'item', 'config', 'export', 'cache', 'queue'];
const ident = (): string => `${pick(words)}${pick(words).replace(/^./, (c) => c.toUpperCase())}`;

// Realistic code, then the benign look-alikes a scanner must not flag (one line in LOOKALIKE_SHARE).
const CODE: ReadonlyArray<() => string> = [
  () => `import { ${ident()} } from './${pick(words)}/${pick(words)}.js';`,
  () => `export function ${ident()}(${pick(words)}: ${pick(['string', 'number', 'User', 'Order'])}): Promise<void> {`,
  () => `  const ${ident()} = await this.${pick(words)}Service.find({ id: ${pick(words)}Id, limit: ${Math.floor(random() * 100)} });`,
  () => `  if (!${ident()}) throw new Error('${pick(words)} not found: ' + ${pick(words)}.id);`,
  () => `  return ${ident()}.map((x) => x.${pick(words)}).filter(Boolean);`,
  () => '}',
  () => '',
  () => `// ${pick(['TODO', 'NOTE', 'Why'])}: the ${pick(words)} must be ${pick(['cached', 'validated', 'sorted'])} before the ${pick(words)} is sent.`,
  () => `    assert.equal(${ident()}.length, ${Math.floor(random() * 50)});`,
  () => `def ${pick(words)}_${pick(words)}(self, ${pick(words)}_id: str) -> dict:`,
  () => `    return {"id": ${pick(words)}_id, "status": "${pick(['ok', 'failed', 'pending'])}"}`,
  () => `  "version": "${Math.floor(random() * 5)}.${Math.floor(random() * 20)}.${Math.floor(random() * 10)}",`,
  () => `  color: '#${hex(6)}', margin: ${Math.floor(random() * 32)}px;`,
];
const LOOKALIKE_SHARE = 0.15;
const LOOKALIKE: ReadonlyArray<() => string> = [
  () => `  ${pick(words)}Id: '${uuid()}',`,
  () => `  "resolved": "https://registry.npmjs.org/${pick(words)}/-/${pick(words)}-1.${Math.floor(random() * 9)}.0.tgz",`,
  () => `  "integrity": "sha512-${b64(86)}==",`,
  () => `const COMMIT = '${hex(40)}';`,
  () => `  digest: 'sha256:${hex(64)}',`,
  () => `      token: \${{ secrets.${pick(['NPM_TOKEN', 'GITHUB_TOKEN', 'DEPLOY_KEY'])} }}`,
  () => `      password: \${{ secrets.DB_PASSWORD }}`,
  () => `const token = process.env.GITHUB_TOKEN;`,
  () => `  apiKey: config.${pick(words)}ApiKey,`,
  () => `  password: '<your-password>',`,
  () => `API_KEY=changeme`,
  () => `const secretName = '${pick(words)}-${pick(words)}-secret';`,
  () => `  passwordHash: await bcrypt.hash(${pick(words)}.password, 12),`,
  () => `  url: 'https://api.example.com/v1/${pick(words)}s/${uuid()}',`,
  () => `DATABASE_URL=postgres://app:\${DB_PASSWORD}@db:5432/app`,
  () => `  key: '${pick(words)}:${pick(words)}:' + id,`,
  () => `<img src="data:image/png;base64,${b64(120)}" alt="${pick(words)}">`,
];
const benign = (): string => (random() < LOOKALIKE_SHARE ? pick(LOOKALIKE) : pick(CODE))();

interface Plant {
  lines: string[];
}

// The planted secrets: every provider the rules cover, tokens built at run time, never stored.
const PLANTS: ReadonlyArray<() => Plant> = [
  () => ({ lines: [`const awsKeyId = 'AKIA${upper(16)}';`] }),
  () => ({ lines: [`aws_secret_access_key = ${b64(40)}`] }),
  () => ({ lines: [`  googleKey: "AIza${chars(`${ALNUM}_-`, 35)}",`] }),
  () => ({ lines: [`  "private_key_id": "${hex(40)}",`] }),
  () => ({ lines: [`AZURE_STORAGE=DefaultEndpointsProtocol=https;AccountName=acct${hex(6)};AccountKey=${b64(86)}==;EndpointSuffix=core.windows.net`] }),
  () => ({ lines: [`const gh = '${withCrc(pick(['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_']), alnum(30))}';`] }),
  () => ({ lines: [`GITHUB_PAT=github_pat_${alnum(22)}_${alnum(59)}`] }),
  () => ({ lines: [`gitlab_token: glpat-${chars(`${ALNUM}_-`, 20)}`] }),
  () => ({ lines: [`//registry.npmjs.org/:_authToken=${withCrc('npm_', alnum(30))}`] }),
  () => ({ lines: [`password = pypi-AgEIcHlwaS5vcmc${chars(`${ALNUM}_-`, 70)}`] }),
  () => ({ lines: [`DOCKER_TOKEN=dckr_pat_${chars(`${ALNUM}_-`, 27)}`] }),
  () => ({ lines: [`slack: "xoxb-${Math.floor(1e11 + random() * 8e11)}-${Math.floor(1e11 + random() * 8e11)}-${alnum(24)}"`] }),
  () => ({ lines: [`WEBHOOK = "https://hooks.slack.com/services/T${upper(8)}/B${upper(10)}/${alnum(24)}"`] }),
  () => ({ lines: [`twilioKey = "SK${hex(32)}"`] }),
  () => ({ lines: [`SENDGRID_API_KEY=SG.${chars(`${ALNUM}_-`, 22)}.${chars(`${ALNUM}_-`, 43)}`] }),
  () => ({ lines: [`mailgun: 'key-${hex(32)}',`] }),
  () => ({ lines: [`stripe.api_key = "sk_live_${alnum(24)}"`] }),
  () => ({ lines: [`SQUARE_TOKEN=sq0atp-${chars(`${ALNUM}_-`, 22)}`] }),
  () => ({ lines: [`shopify: shpat_${hex(32)}`] }),
  () => ({ lines: [`OPENAI_API_KEY=sk-proj-${chars(`${ALNUM}_-`, 40)}T3BlbkFJ${chars(`${ALNUM}_-`, 40)}`] }),
  () => ({ lines: [`ANTHROPIC_API_KEY=sk-ant-api03-${chars(`${ALNUM}_-`, 93)}AA`] }),
  () => ({ lines: [`HF_TOKEN=hf_${chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 34)}`] }),
  () => ({ lines: [`DD_API_KEY=${hex(32)}`] }),
  () => ({ lines: [`newrelic: NRAK-${chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 27)}`] }),
  () => ({ lines: [`SENTRY_DSN=https://${hex(32)}@o${Math.floor(random() * 1e6)}.ingest.sentry.io/${Math.floor(random() * 1e7)}`] }),
  () => ({ lines: [`HEROKU_API_KEY=${uuid()}`] }),
  () => {
    const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    return { lines: [`Authorization: Bearer ${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: alnum(10), iat: 1700000000 })}.${chars(`${ALNUM}_-`, 43)}`] };
  },
  () => ({
    lines: [
      `-----BEGIN ${pick(['RSA ', 'EC ', 'OPENSSH ', ''])}PRIVATE KEY-----`,
      ...Array.from({ length: 12 }, () => b64(64)),
      `${b64(20)}==`,
      '-----END PRIVATE KEY-----',
    ],
  }),
  () => ({ lines: [`DATABASE_URL=postgres://app:${alnum(16)}@db.internal:5432/app`] }),
  () => ({ lines: [`mongo: "mongodb+srv://admin:${alnum(14)}@cluster0.${alnum(5).toLowerCase()}.mongodb.net/prod"`] }),
  () => ({ lines: [`  url: 'https://deploy:${alnum(14)}@git.example.com/repo.git',`] }),
  () => ({ lines: [`  client_secret: "${alnum(10)}${hex(6)}${alnum(12)}",`] }),
];

interface Generated {
  path: string;
  bytes: number;
  planted: Set<string>;
  /** Line numbers in the diff itself of each planted secret's first line, to score secretlint, which reports those. */
  plantedDiffLines: Map<number, string>;
}

/** Writes the diff to disk in 1 MB pieces, so that generating it does not hold it in memory either. */
function generate(dir: string): Generated {
  const path = join(dir, 'bench.diff');
  const fd = openSync(path, 'w');
  const planted = new Set<string>();
  const plantedDiffLines = new Map<number, string>();
  let diffLines = 0;
  let buffer: string[] = [];
  let pending = 0;
  let bytes = 0;
  let sinceLastPlant = 0;
  const emit = (line: string): void => {
    diffLines++;
    buffer.push(line);
    pending += line.length + 1;
    if (pending > MB) flush();
  };
  const flush = (): void => {
    const text = `${buffer.join('\n')}\n`;
    writeSync(fd, text);
    bytes += Buffer.byteLength(text);
    buffer = [];
    pending = 0;
  };
  for (let n = 0; bytes + pending < TARGET_BYTES; n++) {
    const file = `src/${pick(words)}/${pick(words)}-${n}.${pick(['ts', 'py', 'yml', 'json', 'env'])}`;
    emit(`diff --git a/${file} b/${file}`);
    emit(`index ${hex(7)}..${hex(7)} 100644`);
    emit(`--- a/${file}`);
    emit(`+++ b/${file}`);
    let newLine = 1 + Math.floor(random() * 50);
    const hunks = 1 + Math.floor(random() * 4);
    for (let h = 0; h < hunks; h++) {
      // A hunk: a context line, a deleted line, then added lines.
      const added: string[][] = [];
      const count = 20 + Math.floor(random() * 200);
      for (let i = 0; i < count; i++) {
        if (++sinceLastPlant >= PLANT_EVERY_LINES) {
          sinceLastPlant = 0;
          added.push(pick(PLANTS)().lines.map((l) => `\u0000${l}`));
        } else {
          added.push([benign()]);
        }
      }
      const lines = added.flat();
      emit(`@@ -${newLine},2 +${newLine},${lines.length + 1} @@ ${pick(['class Service {', 'def main():', ''])}`);
      emit(` ${benign()}`);
      emit(`-${benign()}`);
      let at = newLine + 1;
      let inPlant = false;
      for (const line of lines) {
        const isPlant = line.startsWith('\u0000');
        // A planted block counts once, at its first line (a key block is reported at its BEGIN line).
        if (isPlant && !inPlant) {
          planted.add(`${file}:${at}`);
          plantedDiffLines.set(diffLines + 1, `${file}:${at}`);
        }
        inPlant = isPlant;
        emit(`+${isPlant ? line.slice(1) : line}`);
        at++;
      }
      newLine = at + 10 + Math.floor(random() * 40);
    }
  }
  flush();
  closeSync(fd);
  return { path, bytes, planted, plantedDiffLines };
}


const rssMb = (): number => process.resourceUsage().maxRSS / 1024;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vendor-gate-bench-'));
  try {
    const generated = generate(dir);
    // `tsx bench/secrets.ts --keep` leaves the diff in place, to profile or to feed `vendor-gate scan --diff`.
    if (process.argv.includes('--keep')) console.log(`diff kept at ${generated.path}`);
    const size = statSync(generated.path).size;
    console.log(
      `generated ${(size / MB).toFixed(1)} MB of unified diff with ${generated.planted.size} planted secrets (deterministic seed); peak RSS after generating it: ${rssMb().toFixed(0)} MB`,
    );

    // Three passes: the first is a cold start (no JIT yet); the best shows the sustained speed on a shared machine.
    const times: number[] = [];
    let found: LocatedMatch[] = [];
    let bytes = 0;
    for (let pass = 0; pass < PASSES; pass++) {
      const start = performance.now();
      const scanner = new DiffSecretScanner();
      bytes = readChunks(generated.path, (chunk) => { scanner.write(chunk); });
      found = scanner.finish();
      times.push((performance.now() - start) / 1000);
    }
    const ours = Math.min(...times);
    const ourRss = rssMb();
    const hitLines = new Set(found.map((f) => `${f.path}:${f.line}`));
    const recalled = [...generated.planted].filter((p) => hitLines.has(p)).length;
    const outside = found.filter((f) => !generated.planted.has(`${f.path}:${f.line}`));
    const falsePer10Mb = outside.length / (bytes / MB / 10);
    const ourSpeed = bytes / MB / ours;
    const first = times[0] ?? ours;
    console.log(
      `vendor-gate: ${(bytes / MB).toFixed(1)} MB in ${ours.toFixed(2)} s = ${ourSpeed.toFixed(1)} MB/s (one core, best of ${PASSES}; first, cold pass ${(bytes / MB / first).toFixed(1)} MB/s), ${found.length} findings`,
    );
    console.log(`  recall: ${recalled}/${generated.planted.size} planted secrets = ${((100 * recalled) / generated.planted.size).toFixed(1)}%`);
    console.log(`  findings outside planted lines: ${outside.length} (${falsePer10Mb.toFixed(2)} per 10 MB)`);
    for (const f of outside.slice(0, 5)) console.log(`    ${f.path}:${f.line} ${f.ruleId}`);
    const missed = [...generated.planted].filter((p) => !hitLines.has(p));
    if (missed.length > 0) console.log(`  missed: ${missed.slice(0, 5).join(', ')}`);
    console.log(`  peak RSS after generating and scanning (before secretlint runs): ${ourRss.toFixed(0)} MB`);

    // The built command in a fresh process: its peak RSS is the scanner's own, without the generator's.
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', CLI_PROBE, DIST_CLI, generated.path], { encoding: 'utf8' });
    const probe = JSON.parse(child.stdout) as { code: number; seconds: number; rssKb: number; findings: number };
    console.log(
      `vendor-gate scan --diff (dist/cli.js, fresh process): ${(bytes / MB / probe.seconds).toFixed(1)} MB/s, ${probe.findings} findings, exit ${probe.code}, peak RSS ${(probe.rssKb / 1024).toFixed(0)} MB`,
    );

    // secretlint gets the whole diff as one text (its API takes a string): it is fast enough for that here.
    const whole = readFileSync(generated.path, 'utf8');
    const wholeMb = Buffer.byteLength(whole) / MB;
    const theirTimes: number[] = [];
    let result: Awaited<ReturnType<typeof lintSource>> | undefined;
    for (let pass = 0; pass < PASSES; pass++) {
      const t0 = performance.now();
      result = await lintSource({
        source: { filePath: generated.path, content: whole, contentType: 'text' },
        options: { config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommended }] }, maskSecrets: true },
      });
      theirTimes.push((performance.now() - t0) / 1000);
    }
    const theirs = Math.min(...theirTimes);
    const theirSpeed = wholeMb / theirs;
    const theirLines = new Set((result?.messages ?? []).map((m) => m.loc.start.line));
    const theirRecall = [...generated.plantedDiffLines.keys()].filter((line) => theirLines.has(line)).length;
    const theirOutside = [...theirLines].filter((line) => !generated.plantedDiffLines.has(line)).length;
    console.log(
      `secretlint 11.7.1 (recommended preset, in process): the same ${wholeMb.toFixed(1)} MB in ${theirs.toFixed(2)} s = ${theirSpeed.toFixed(1)} MB/s (best of ${PASSES}; first pass ${(wholeMb / (theirTimes[0] ?? theirs)).toFixed(1)} MB/s), ${result?.messages.length ?? 0} findings`,
    );
    console.log(`  recall: ${theirRecall}/${generated.plantedDiffLines.size} planted secrets = ${((100 * theirRecall) / generated.plantedDiffLines.size).toFixed(1)}%; findings outside planted lines: ${theirOutside}`);
    console.log(`ratio: vendor-gate is ${(ourSpeed / theirSpeed).toFixed(0)}x secretlint (MB/s)`);
    console.log(`peak RSS of the whole run: ${rssMb().toFixed(0)} MB; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
    const targets = [
      [`>= 100 MB/s`, ourSpeed >= 100],
      [`>= 20x secretlint`, ourSpeed / theirSpeed >= 20],
      [`recall >= 95%`, recalled / generated.planted.size >= 0.95],
      [`<= 1 false finding per 10 MB`, falsePer10Mb <= 1],
      [`< 300 MB peak RSS for our scan`, probe.rssKb / 1024 < 300],
    ] as const;
    console.log(`targets: ${targets.map(([name, ok]) => `${ok ? 'met' : 'MISSED'} ${name}`).join('; ')}`);
  } finally {
    if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
