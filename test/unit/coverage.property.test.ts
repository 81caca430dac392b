import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GO_FREE_LINES } from '../../src/coverage/go.js';
import { parseReport } from '../../src/coverage/parse.js';
import { CoverageParseError, lineSlots, type ParsedReport } from '../../src/coverage/types.js';

// Every stored line costs one slot; a report may cost at most this many per byte it holds, plus a constant
// (Go profiles may mark a fixed number of lines whatever their size, and a dense array takes up to 5 slots a line).
const SLOTS_PER_BYTE = 16;
const SLOTS_CONSTANT = 4096;
const GO_ALLOWANCE = 5 * GO_FREE_LINES;

const slots = (report: ParsedReport): number => report.files.reduce((sum, file) => sum + lineSlots(file), 0);

/** Parses `content` and checks the two promises: a clear error or a result whose size follows the input's. */
function parsesWithinBound(content: string | Uint8Array): void {
  const bytes = Buffer.from(content);
  let report: ParsedReport;
  try {
    report = parseReport('hostile/report', bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(CoverageParseError);
    expect((error as Error).message).toMatch(/^hostile\/report(:\d+)?: /);
    return;
  }
  const allowance = report.format === 'go' ? GO_ALLOWANCE : 0;
  expect(slots(report)).toBeLessThanOrEqual(SLOTS_PER_BYTE * bytes.length + SLOTS_CONSTANT + allowance);
}

// Line numbers around the interesting edges: small, the pre-size caps, the maximum and past it.
const lineNumber = fc.oneof(fc.integer({ min: -2, max: 70 }), fc.constantFrom(4095, 65_536, 65_537, 60_000, 999_999, 1_000_000, 1_000_001), fc.integer({ min: 0, max: 2_000_000 }));
const hits = fc.oneof(fc.nat(10), fc.constantFrom(-1, 2 ** 31, 2 ** 53), fc.double());
const path = fc.oneof(fc.constantFrom('a.ts', 'src/b.ts', 'a.ts'), fc.string({ maxLength: 12 }));
const files = <T>(line: fc.Arbitrary<T>) => fc.array(fc.record({ path, lines: fc.array(line, { maxLength: 12 }) }), { maxLength: 30 });
const entry = fc.tuple(lineNumber, hits);
const noise = fc.oneof(fc.constant(''), fc.string({ maxLength: 20 }));

const lcov = files(entry).chain((records) =>
  fc.array(noise, { minLength: records.length, maxLength: records.length }).map((junk) =>
    records.map((r, i) => `SF:${r.path}\n${r.lines.map(([line, count]) => `DA:${line},${count}\n`).join('')}${junk[i] ?? ''}\nend_of_record\n`).join(''),
  ),
);
const cobertura = files(entry).map(
  (records) =>
    `<coverage><packages><package><classes>${records
      .map((r) => `<class filename="${encodeURIComponent(r.path)}"><lines>${r.lines.map(([line, count]) => `<line number="${line}" hits="${count}"/>`).join('')}</lines></class>`)
      .join('')}</classes></package></packages></coverage>`,
);
const clover = files(entry).map(
  (records) =>
    `<coverage clover="4"><project>${records
      .map((r) => `<file path="${encodeURIComponent(r.path)}">${r.lines.map(([line, count]) => `<line num="${line}" count="${count}" type="stmt"/>`).join('')}</file>`)
      .join('')}</project></coverage>`,
);
const jacoco = files(entry).map(
  (records) =>
    `<report name="r"><package name="p">${records
      .map((r) => `<sourcefile name="${encodeURIComponent(r.path)}">${r.lines.map(([line, count]) => `<line nr="${line}" mi="1" ci="${count}"/>`).join('')}</sourcefile>`)
      .join('')}</package></report>`,
);
const istanbul = files(entry).map((records) =>
  JSON.stringify(
    Object.fromEntries(
      records.map((r) => [
        r.path,
        {
          statementMap: Object.fromEntries(r.lines.map(([line], i) => [String(i), { start: { line, column: 0 }, end: { line, column: 1 } }])),
          s: Object.fromEntries(r.lines.map(([, count], i) => [String(i), count])),
        },
      ]),
    ),
  ),
);
const go = files(fc.tuple(lineNumber, lineNumber, hits)).map(
  (records) => `mode: count\n${records.map((r) => r.lines.map(([from, to, count]) => `${r.path}.go:${from}.1,${to}.2 1 ${count}\n`).join('')).join('')}`,
);

describe('coverage parsers on random and hostile input', () => {
  it.each([
    ['lcov', lcov],
    ['Cobertura', cobertura],
    ['Clover', clover],
    ['JaCoCo', jacoco],
    ['Istanbul JSON', istanbul],
    ['Go', go],
  ])('%s: a clear error or a result bounded by the input size', (_, report) => {
    fc.assert(fc.property(report, parsesWithinBound), { numRuns: 150 });
  });

  it('any bytes: a clear error or a bounded result', () => {
    const starts = fc.constantFrom('', 'SF:a\n', 'mode: set\n', '<coverage>', '{', '<report>', 'DA:1,1\n');
    fc.assert(fc.property(starts, fc.oneof(fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 })), (start, rest) => {
      parsesWithinBound(Buffer.concat([Buffer.from(start), Buffer.from(rest)]));
    }), { numRuns: 300 });
  });

  it.each([
    ['lcov: many files with one far line each', '', (i: number) => `SF:src/f${i}.ts\nDA:60000,1\nend_of_record\n`, ''],
    ['lcov: ascending far lines', 'SF:a.ts\n', (i: number) => `DA:${(i + 1) * 1000},1\n`, ''],
    ['Go: a block over every line', 'mode: set\n', (i: number) => `f${i}.go:1.1,1000000.1 1 1\n`, ''],
    ['Cobertura: far lines', '<coverage><packages><package><classes>', (i: number) => `<class filename="f${i}"><lines><line number="${999_999 - i * 7}" hits="1"/></lines></class>`, '</classes></package></packages></coverage>'],
  ])('%s', (_, head, record, tail) => {
    parsesWithinBound(head + Array.from({ length: 300 }, (__, i) => record(i)).join('') + tail);
  });
});
