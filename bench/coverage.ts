// Coverage parsing speed and memory on generated reports: a 100 MB lcov (next to lcov-parse, in the
// same run) and a 50 MB Cobertura file. Reports go to a temp folder and are deleted afterwards.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MB = 1024 * 1024;

/** Writes realistic records until the file reaches `bytes`: 400 lines per file, a third uncovered. */
function generate(path: string, bytes: number, format: 'lcov' | 'cobertura'): void {
  const fd = openSync(path, 'w');
  let written = 0;
  const write = (text: string): void => {
    written += writeSync(fd, text);
  };
  if (format === 'cobertura') {
    write('<?xml version="1.0" ?>\n<coverage lines-valid="0" lines-covered="0" line-rate="0" version="6.5.0">\n  <sources>\n    <source>/home/runner/work/shop/shop</source>\n  </sources>\n  <packages>\n    <package name="app">\n      <classes>\n');
  }
  for (let n = 0; written < bytes - 200; n++) {
    const name = `src/module${Math.floor(n / 50)}/file${n}.ts`;
    const lines: string[] = [];
    if (format === 'lcov') {
      lines.push(`TN:\nSF:/home/runner/work/shop/shop/${name}\nFN:1,f${n}\nFNDA:3,f${n}\nFNF:1\nFNH:1`);
      let hit = 0;
      for (let line = 1; line <= 400; line++) {
        const hits = line % 3 === 0 ? 0 : (line * 7) % 50;
        if (hits > 0) hit++;
        lines.push(`DA:${line},${hits}`);
      }
      lines.push(`LF:400\nLH:${hit}\nBRDA:5,0,0,1\nBRDA:5,0,1,0\nBRF:2\nBRH:1\nend_of_record`);
    } else {
      lines.push(`        <class name="file${n}.ts" filename="${name}" line-rate="0.66" branch-rate="0.5" complexity="0">\n          <methods/>\n          <lines>`);
      for (let line = 1; line <= 400; line++) {
        const hits = line % 3 === 0 ? 0 : (line * 7) % 50;
        lines.push(line % 40 === 5 ? `            <line number="${line}" hits="${hits}" branch="true" condition-coverage="50% (1/2)"/>` : `            <line number="${line}" hits="${hits}"/>`);
      }
      lines.push('          </lines>\n        </class>');
    }
    write(`${lines.join('\n')}\n`);
  }
  if (format === 'cobertura') write('      </classes>\n    </package>\n  </packages>\n</coverage>\n');
  closeSync(fd);
}

interface Measurement {
  seconds: number;
  peakBytes: number;
  files: number;
}

/** The fastest of `runs` fresh processes (other load on the machine only ever slows a run down), with the highest peak. */
function measure(parser: 'vendor-gate' | 'lcov-parse', file: string, runs: number): Measurement {
  const worker = join(import.meta.dirname, 'coverage-worker.ts');
  const all: Measurement[] = [];
  for (let i = 0; i < runs; i++) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', worker, parser, file], { encoding: 'utf8', maxBuffer: 16 * MB });
    if (run.status !== 0) throw new Error(`${parser} failed on ${file}:\n${run.stderr}`);
    all.push(JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as Measurement);
  }
  return {
    seconds: Math.min(...all.map((m) => m.seconds)),
    peakBytes: Math.max(...all.map((m) => m.peakBytes)),
    files: all[0]?.files ?? 0,
  };
}

function line(label: string, size: number, m: Measurement): string {
  const speed = size / MB / m.seconds;
  return `${label.padEnd(26)} ${(size / MB).toFixed(0)} MB in ${m.seconds.toFixed(2)} s = ${speed.toFixed(0).padStart(4)} MB/s; peak memory +${(m.peakBytes / MB).toFixed(0)} MB (${(m.peakBytes / size).toFixed(2)}x the report); ${m.files} files`;
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'vendor-gate-bench-'));
  try {
    const lcov = join(dir, 'lcov.info');
    const cobertura = join(dir, 'cobertura.xml');
    generate(lcov, 100 * MB, 'lcov');
    generate(cobertura, 50 * MB, 'cobertura');
    const lcovSize = statSync(lcov).size;
    const coberturaSize = statSync(cobertura).size;
    const ours = measure('vendor-gate', lcov, 5);
    const theirs = measure('lcov-parse', lcov, 2);
    const xml = measure('vendor-gate', cobertura, 3);
    console.log('Fastest of 5 runs (lcov-parse: 2, Cobertura: 3), each in a fresh process; peak memory is the highest resident size over the process start.');
    console.log(line('lcov, vendor-gate', lcovSize, ours));
    console.log(line('lcov, lcov-parse 1.0.0', lcovSize, theirs));
    console.log(`lcov speed ratio: ${(theirs.seconds / ours.seconds).toFixed(1)}x lcov-parse (targets: >= 100 MB/s, >= 5x, peak < 4x the report)`);
    console.log(line('Cobertura, vendor-gate', coberturaSize, xml));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
