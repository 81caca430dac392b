import { describe, expect, it } from 'vitest';
import { accessGate } from '../../src/gates/access.js';
import { context, facts, file } from './helpers.js';

const scope = { access: { allow: ['src/**', 'test/**', 'docs/'], protect: [{ paths: ['package.json'], approvers: ['my-org/security'] }] } };

describe('access gate', () => {
  it.each([
    ['src/app.ts', undefined],
    ['docs/guide/intro.md', undefined],
    ['.github/workflows/ci.yml', 'deny rule ".github/**"'],
    ['src/CODEOWNERS', 'deny rule "**/CODEOWNERS"'],
    ['.github/vendor-gate.yml', 'is the vendor-gate policy'],
    ['README.md', 'outside the scope of work'],
    ['Src/app.ts', 'outside the scope of work'],
    ['package.json', 'needs an approval from my-org/security'],
  ])('%s → %s', (path, problem) => {
    const gate = accessGate(context(facts({ files: [file(path)] }), { access: { ...scope.access, allow: [...scope.access.allow, 'package.json'] } }));
    if (problem === undefined) {
      expect(gate.status).toBe('pass');
    } else {
      expect(gate.status).toBe('fail');
      expect(gate.findings.map((f) => f.message).join(' ')).toContain(problem);
      expect(gate.findings[0]?.file).toBe(path);
    }
  });

  it('denies the policy file, CODEOWNERS and workflows even when deny is emptied', () => {
    const pr = facts({ files: [file('config/vendor-gate.yml'), file('CODEOWNERS'), file('.github/workflows/release.yml'), file('.github/ISSUE_TEMPLATE/bug.md')] });
    const gate = accessGate(context(pr, { access: { deny: [] } }, { policyPath: 'config/vendor-gate.yml' }));
    expect(gate.findings.map((f) => f.file)).toEqual(['config/vendor-gate.yml', 'CODEOWNERS', '.github/workflows/release.yml']);
  });

  it('checks both names of a rename: a denied file renamed into scope fails', () => {
    const renamed = file('src/ci.yml', { status: 'renamed', previousPath: '.github/workflows/ci.yml' });
    const gate = accessGate(context(facts({ files: [renamed] }), scope));
    expect(gate.status).toBe('fail');
    expect(gate.findings).toHaveLength(1);
    expect(gate.findings[0]?.message).toContain('The old name of this renamed file (.github/workflows/ci.yml) may not be changed');
    expect(gate.findings[0]?.message).toContain('.github/workflows/ci.yml');
  });

  it('checks both names of a rename: an in-scope file renamed out of scope fails', () => {
    const renamed = file('scripts/app.ts', { status: 'renamed', previousPath: 'src/app.ts' });
    const gate = accessGate(context(facts({ files: [renamed] }), scope));
    expect(gate.findings.map((f) => f.message)).toEqual([expect.stringContaining('The new name of this renamed file (scripts/app.ts) is outside the scope of work')]);
  });

  it('fails closed when GitHub listed fewer files than the PR has', () => {
    const files = Array.from({ length: 3000 }, (_, i) => file(`src/f${i}.ts`));
    const gate = accessGate(context(facts({ files, filesListing: { expected: 3500, listed: 3000 } }), scope));
    expect(gate.status).toBe('fail');
    expect(gate.findings).toEqual([expect.objectContaining({ message: expect.stringContaining('only 3000 of the 3500') as unknown })]);
  });

  it('passes everything but the built-in denies when allow is empty', () => {
    const gate = accessGate(context(facts({ files: [file('anything/at/all.txt'), file('.env')] })));
    expect(gate.status).toBe('pass');
    expect(gate.summary).toBe('2 files within the allowed paths');
  });
});
