// Property: every glob and regular expression that the policy accepts matches large hostile input
// within a generous time bound, and whatever validation accepts, the run can compile.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstPathMatch, globCostProblem, identityMatches } from '../../src/match.js';
import { compilePattern, patternProblem } from '../../src/pattern.js';
import { globProblem } from '../../src/policy/schema.js';

// Inputs where a backtracking matcher needs n^k steps; a linear one takes a few milliseconds.
const LONG_SEGMENT = `${'a'.repeat(20_000)}!`;
const DEEP_PATH = `${'a/'.repeat(2_000)}b!`;
// Generous: two orders of magnitude above what a linear matcher needs on a loaded machine.
const BOUND_MS = 2_000;

function timed(run: () => unknown): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

const globPiece = fc.constantFrom('*', '**', '?', 'a', 'b', '/', '{a,b}', '{a,*}', '[a-z]', '+(a|b)', '*(a)', '@(a|*)', '!(b)', '{1..5}', '.', '-', '\\*');
const glob = fc.array(globPiece, { minLength: 1, maxLength: 24 }).map((parts) => parts.join(''));

const regexPiece = fc.constantFrom('a*', 'a+', '(a+)+', '(a|aa)*', '[a-z0-9]*', '.*', '(?:a*)*', '\\w+', 'a?', '(a|b)+', '[^!]*', 'a{1,20}', '(?i)A*');
const regex = fc.array(regexPiece, { minLength: 1, maxLength: 12 }).map((parts) => `^${parts.join('')}$`);

describe('globs', () => {
  it('that validation accepts compile and match hostile paths and emails within the bound', () => {
    fc.assert(
      fc.property(glob, (pattern) => {
        if (globProblem(pattern) !== undefined) return;
        const elapsed = timed(() => {
          firstPathMatch([pattern], DEEP_PATH);
          firstPathMatch([pattern], LONG_SEGMENT);
          identityMatches(pattern, `${LONG_SEGMENT}@acme.example`);
        });
        expect(elapsed, pattern).toBeLessThan(BOUND_MS);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('are measured at once by validation, bombs included, without throwing', () => {
    const bomb = fc.array(fc.constantFrom('{a,b}', '{a,{b,c}}', '{1..1000}', '{', '}', ',', 'a', '\\{'), { minLength: 1, maxLength: 3_000 }).map((p) => p.join(''));
    fc.assert(
      fc.property(bomb, (pattern) => {
        let problem: string | undefined;
        const elapsed = timed(() => (problem = globProblem(pattern)));
        expect(elapsed).toBeLessThan(BOUND_MS);
        if (problem === undefined) expect(globCostProblem(pattern)).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});

describe('regular expressions', () => {
  it('that validation accepts match a 20,000-character hostile text within the bound', () => {
    fc.assert(
      fc.property(regex, (source) => {
        if (patternProblem(source) !== undefined) return;
        const pattern = compilePattern(source);
        expect(timed(() => pattern.test(LONG_SEGMENT)), source).toBeLessThan(BOUND_MS);
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it('never throw at validation, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (source) => {
        const problem = patternProblem(source);
        if (problem === undefined) expect(() => compilePattern(source)).not.toThrow();
      }),
      { numRuns: 1_000 },
    );
  }, 60_000);
});
