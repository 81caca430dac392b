import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIMITS, parseReport, ReportParser } from '../../src/coverage/parse.js';
import type { FileCoverage, ParsedReport } from '../../src/coverage/types.js';
import { generator, githubToken } from './secret-samples.js';

const fixture = (path: string): Buffer => readFileSync(new URL(`../fixtures/coverage/${path}`, import.meta.url));

/** Per file (by its last two path segments): covered/executable lines and the uncovered line numbers. */
function lines(report: ParsedReport): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of report.files) {
    const uncovered = f.hits.flatMap((hits, line) => (hits === 0 ? [line] : []));
    out[f.path.split('/').slice(-2).join('/')] = `${f.covered}/${f.executable} uncovered [${uncovered.join(',')}]`;
  }
  return out;
}

const JS = { 'src/format.ts': '3/4 uncovered [8]', 'src/price.ts': '6/8 uncovered [6,13]' };

describe('coverage parsers on reports made by the real tools', () => {
  // The expected counts are the ones each tool printed itself: LF/LH, lines-valid/lines-covered, the LINE counters.
  it.each([
    ['vitest/lcov.info', 'lcov', JS],
    ['vitest/coverage-final.json', 'istanbul-final', JS],
    ['vitest/cobertura-coverage.xml', 'cobertura', JS],
    ['vitest/clover.xml', 'clover', JS],
    ['coverage-py/coverage.xml', 'cobertura', { 'pricing/__init__.py': '0/0 uncovered []', 'pricing/calc.py': '8/10 uncovered [5,11]' }],
    ['jacoco/jacoco.xml', 'jacoco', { 'pricing/Price.java': '6/8 uncovered [12,19]', 'pricing/PriceCheck.java': '6/8 uncovered [4,13]' }],
    ['go/coverage.out', 'go', { 'pricing/price.go': '10/16 uncovered [11,12,19,20,22,23]' }],
  ])('%s is %s', (path, format, expected) => {
    const report = parseReport(path, fixture(path));
    expect(report.format).toBe(format);
    expect(lines(report)).toEqual(expected);
  });

  it('reads totals only from coverage-summary.json', () => {
    const report = parseReport('s.json', fixture('vitest/coverage-summary.json'));
    expect(report.format).toBe('istanbul-summary');
    expect(report.files.map((f) => [f.path.split('/').at(-1), f.covered, f.executable, f.totalsOnly])).toEqual([
      ['format.ts', 3, 4, true],
      ['price.ts', 6, 8, true],
    ]);
  });

  it('keeps absolute runner paths and joins a single Cobertura <source> to relative filenames', () => {
    const py = parseReport('c.xml', fixture('coverage-py/coverage.xml'));
    expect(py.files.map((f) => f.path)).toEqual([
      '/work/wt-coverage/test/fixtures/coverage/samples/py/pricing/__init__.py',
      '/work/wt-coverage/test/fixtures/coverage/samples/py/pricing/calc.py',
    ]);
    expect(parseReport('j.xml', fixture('jacoco/jacoco.xml')).files.map((f) => f.path)).toEqual(['com/example/pricing/Price.java', 'com/example/pricing/PriceCheck.java']);
  });

  it('counts branches where the report has them', () => {
    const branches = (r: ParsedReport) => r.files.map((f: FileCoverage) => f.branches);
    expect(branches(parseReport('l', fixture('vitest/lcov.info')))).toEqual([{ total: 2, covered: 1 }, { total: 8, covered: 5 }]);
    expect(branches(parseReport('c', fixture('vitest/clover.xml')))).toEqual([{ total: 2, covered: 1 }, { total: 8, covered: 5 }]);
  });

  it('gives the same result however the stream is chunked', () => {
    const whole = fixture('vitest/lcov.info');
    const parser = new ReportParser('lcov.info');
    for (let i = 0; i < whole.length; i += 7) parser.write(whole.subarray(i, i + 7));
    expect(lines(parser.end())).toEqual(JS);
    const xml = fixture('jacoco/jacoco.xml');
    const xmlParser = new ReportParser('jacoco.xml');
    for (let i = 0; i < xml.length; i += 5) xmlParser.write(xml.subarray(i, i + 5));
    expect(lines(xmlParser.end())['pricing/Price.java']).toBe('6/8 uncovered [12,19]');
  });

  it('reads reports that start with a byte order mark', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    expect(parseReport('l.info', Buffer.concat([bom, Buffer.from('SF:a.ts\nDA:1,1\n')])).files[0]?.covered).toBe(1);
    expect(parseReport('c.xml', Buffer.concat([bom, fixture('vitest/clover.xml')])).format).toBe('clover');
    expect(parseReport('f.json', Buffer.concat([bom, fixture('vitest/coverage-final.json')])).format).toBe('istanbul-final');
  });

  it('merges a file named twice and keeps the highest hits, with CRLF line ends', () => {
    const report = parseReport('x.info', 'SF:a.ts\r\nDA:1,0\r\nDA:2,0\r\nend_of_record\r\nSF:a.ts\r\nDA:1,3\r\nDA:3,0\r\nend_of_record\r\n');
    expect(lines(report)).toEqual({ 'a.ts': '1/3 uncovered [2,3]' });
  });
});

describe('untrusted reports', () => {
  it.each([
    ['lcov.info', 'SF:a.ts\nDA:1,1\nDA:x,1\n', 'lcov.info:3: expected "DA:<line>,<hits>"'],
    ['lcov.info', 'SF:a.ts\nDA:1,1\n<html>\n', 'lcov.info:3: expected an lcov record'],
    ['lcov.info', 'TN:\nDA:1,1\n', 'lcov.info:2: DA outside a source file record'],
    ['lcov.info', 'SF:a.ts\nDA:9999999,1\n', 'lcov.info:2: expected "DA:<line>,<hits>" with a line from 1 to 1000000'],
    ['lcov.info', 'SF:a.ts\nDA:3,many\n', 'lcov.info:2: DA hits are not a number: "many"'],
    ['cov.xml', '<?xml version="1.0"?>\n<coverage>\n<packages><package><classes><class filename="a.py"><lines>\n<line number="1" hits="1">\n</lines>', 'cov.xml:5: '],
    ['cov.xml', '<coverage><packages><package><classes><class filename="a.py"><lines><line number="-2" hits="1"/></lines></class></classes></package></packages></coverage>', 'cov.xml:1: <line> needs number as a number from 0 to 1000000, found "-2"'],
    ['x.xml', '<html><body/></html>', 'x.xml:1: the root element <html> is not a coverage report'],
    ['bomb.xml', '<!DOCTYPE coverage [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<coverage><sources><source>&b;</source></sources></coverage>', 'bomb.xml:2: '],
    ['f.json', '{\n  "/a.ts": {\n    "statementMap": {}\n    "s": {}\n  }\n}', 'f.json:4: not valid JSON'],
    ['f.json', '{"a.ts": {"statementMap": {"0": {"start": {"line": 0}}}, "s": {"0": 1}}}', 'f.json: the entry "a.ts": statement "0" needs start.line'],
    ['f.json', '{"total": 3}', 'f.json: the entry "total" is not an object'],
    ['c.out', 'mode: set\nfoo.go:3.1,2.5 1 1\n', 'c.out:2: the block\'s lines 3–2 are not a range'],
    ['c.out', 'mode: sometimes\n', 'c.out:1: unknown coverprofile mode'],
    ['r.txt', 'hello world, this is not a report\n', 'r.txt:1: not a coverage report in a known format'],
    ['e.info', '  \n\n', 'e.info: the report is empty'],
  ])('%s: %j fails with the file and line', (name, content, message) => {
    expect(() => parseReport(name, content)).toThrow(message);
  });

  it('refuses a report over the size limit while it streams', () => {
    const parser = new ReportParser('big.info');
    parser.write(Buffer.from('SF:a.ts\n'));
    expect(() => {
      parser.write(Buffer.alloc(LIMITS.fileBytes));
    }).toThrow('big.info: the report is larger than 150 MB');
  });

  it('sizes a file by the previous one, so one long file cannot make every later file large', () => {
    const report = parseReport('l.info', 'SF:a.ts\nDA:60000,1\nend_of_record\nSF:b.ts\nDA:1,1\nend_of_record\nSF:c.ts\nDA:2,0\nend_of_record\n');
    expect(report.files.map((f) => [f.path, f.covered, f.executable])).toEqual([['a.ts', 1, 1], ['b.ts', 1, 1], ['c.ts', 0, 1]]);
    expect(report.files[2]?.hits.length).toBe(3);
  });

  it('refuses a line without an end', () => {
    const parser = new ReportParser('long.info');
    parser.write(Buffer.from('SF:a.ts\nTN:'));
    expect(() => {
      parser.write(Buffer.alloc(70 * 1024, 0x61));
    }).toThrow('long.info:2: a line is longer than 65536 bytes');
  });
});

describe('parse errors never quote a token from the report', () => {
  const token = githubToken();
  const opaque = generator(13).mixed(32);
  it.each([
    ['lcov record', 'lcov.info', `SF:a.ts\nDA:1,1\n${token}\n`],
    ['lcov record with a colon', 'lcov.info', `SF:a.ts\nDA:1,1\nexport GH_TOKEN:${opaque}\n`],
    ['lcov DA line', 'lcov.info', `SF:a.ts\nDA:${token},1\n`],
    ['lcov DA hits', 'lcov.info', `SF:a.ts\nDA:1,${opaque}\n`],
    ['go block', 'c.out', `mode: set\n${token}\n`],
    ['go mode', 'c.out', `mode: ${opaque}\n`],
    ['XML attribute', 'cov.xml', `<coverage><packages><package><classes><class filename="a.py"><lines><line number="${opaque}" hits="1"/></lines></class></classes></package></packages></coverage>`],
    ['XML syntax', 'cov.xml', `<coverage><packages></${token}></coverage>`],
    ['JSON syntax', 'f.json', `{"a.ts": ${token}}`],
    ['JSON entry name', 'f.json', `{"${opaque}": 3}`],
  ])('%s', (_what, name, content) => {
    let message = '';
    try {
      parseReport(name, content);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(name);
    expect(message).not.toContain(token);
    expect(message).not.toContain(opaque);
    expect(message).not.toContain(token.slice(0, 8));
    expect(message).not.toContain(opaque.slice(0, 8));
  });
});
