import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { MAX_EXTENDS_DEPTH, parsePolicyRef, refLabel, resolveChain, type PolicyRef } from '../../src/policy/extends.js';
import { parsePolicyFile, PolicyError } from '../../src/policy/load.js';
import { resolvePolicy } from '../../src/policy/resolve.js';

/** Central files by owner/repo:path@ref; a missing one fails as the GitHub reader does. */
function reader(files: Record<string, string>, log: string[] = []) {
  return (ref: PolicyRef): Promise<string> => {
    const label = refLabel(ref);
    log.push(label);
    const text = files[label];
    return text === undefined ? Promise.reject(new UserError(`Could not read the central policy ${label}`)) : Promise.resolve(text);
  };
}

const top = (text: string) => parsePolicyFile(`version: 1\n${text}`, '.github/vendor-gate.yml');

describe('extends references', () => {
  it.each([
    ['acme/policies:vendor-gate.yml@v3', { owner: 'acme', repo: 'policies', path: 'vendor-gate.yml', ref: 'v3' }],
    ['my-org/.github:policies/vendors.yml@0123abc', { owner: 'my-org', repo: '.github', path: 'policies/vendors.yml', ref: '0123abc' }],
  ])('reads %s', (text, expected) => {
    expect(parsePolicyRef(text)).toEqual(expected);
  });

  it.each(['acme/policies:vendor-gate.yml', 'acme:vendor-gate.yml@v3', 'acme/policies:../x.yml@v3', 'acme/policies:/x.yml@v3', 'acme/policies@v3'])(
    'rejects %s with a positioned error',
    (text) => {
      expect(() => parsePolicyFile(`version: 1\nextends: "${text}"\n`, 'p.yml')).toThrow(/p\.yml:2:10: extends: expected a central policy as owner\/repo:path@ref/);
    },
  );
});

describe('extends chains', () => {
  it('folds a chain from the most central file down', async () => {
    const log: string[] = [];
    const chain = await resolveChain(top('extends: a/team:p.yml@v1\ngates: { size: { max_lines: 100 } }\n'), {
      read: reader(
        {
          'a/team:p.yml@v1': 'version: 1\nextends: a/org:p.yml@v2\ngates: { review: { approvals: 2 } }\n',
          'a/org:p.yml@v2': 'version: 1\ngates: { size: { max_lines: 500 }, review: { approvals: 1 } }\n',
        },
        log,
      ),
    });
    expect(log).toEqual(['a/team:p.yml@v1', 'a/org:p.yml@v2']);
    expect(chain.layers.map((l) => l.label)).toEqual(['.github/vendor-gate.yml', 'a/team:p.yml@v1', 'a/org:p.yml@v2']);
    expect(chain.policy.gates.size.max_lines).toBe(100);
    expect(chain.policy.gates.review.approvals).toBe(2);
  });

  it('checks a middle file against the floor below it, naming the file that set the value', async () => {
    const run = resolveChain(top('extends: a/team:p.yml@v1\n'), {
      read: reader({
        'a/team:p.yml@v1': 'version: 1\nextends: a/org:p.yml@v2\ngates: { review: { approvals: 0 } }\n',
        'a/org:p.yml@v2': 'version: 1\ngates:\n  review: { approvals: 1 }\n',
      }),
    });
    await expect(run).rejects.toThrow(PolicyError);
    await expect(run).rejects.toThrow('a/team:p.yml@v1:3:20: gates.review.approvals: 0 is lower than the floor\'s 1, set by a/org:p.yml@v2:3:13.');
  });

  it('names the nearest central file that set a value, not one that only passes it on', async () => {
    const run = resolveChain(top('extends: a/team:p.yml@v1\ngates: { size: { max_lines: 900 } }\n'), {
      read: reader({
        'a/team:p.yml@v1': 'version: 1\nextends: a/org:p.yml@v2\n',
        'a/org:p.yml@v2': 'version: 1\ngates: { size: { max_lines: 500 } }\n',
      }),
    });
    await expect(run).rejects.toThrow('.github/vendor-gate.yml:3:18: gates.size.max_lines: 900 is higher than the floor\'s 500, set by a/org:p.yml@v2:2:18.');
  });

  it('refuses a cycle, whatever ref it comes back at', async () => {
    const run = resolveChain(top('extends: a/one:p.yml@v1\n'), {
      read: reader({ 'a/one:p.yml@v1': 'version: 1\nextends: a/two:p.yml@v1\n', 'a/two:p.yml@v1': 'version: 1\nextends: A/One:p.yml@main\n' }),
    });
    await expect(run).rejects.toThrow('The policy extends itself in a cycle: .github/vendor-gate.yml -> a/one:p.yml@v1 -> a/two:p.yml@v1 -> A/One:p.yml@main.');
  });

  it('refuses a central file that extends the repository file itself', async () => {
    const run = resolveChain(top('extends: a/one:p.yml@v1\n'), {
      read: reader({ 'a/one:p.yml@v1': 'version: 1\nextends: me/repo:.github/vendor-gate.yml@main\n' }),
      self: { owner: 'me', repo: 'repo', path: '.github/vendor-gate.yml', ref: 'abc' },
    });
    await expect(run).rejects.toThrow(/in a cycle: .*-> me\/repo:\.github\/vendor-gate\.yml@main/);
  });

  it(`reads at most ${MAX_EXTENDS_DEPTH} central files`, async () => {
    const files = Object.fromEntries([1, 2, 3, 4].map((n) => [`a/c${n}:p.yml@v1`, `version: 1\nextends: a/c${n + 1}:p.yml@v1\n`]));
    const log: string[] = [];
    const run = resolveChain(top('extends: a/c1:p.yml@v1\n'), { read: reader(files, log) });
    await expect(run).rejects.toThrow(`The policy rests on more than ${MAX_EXTENDS_DEPTH} central policies: .github/vendor-gate.yml -> a/c1:p.yml@v1 -> a/c2:p.yml@v1 -> a/c3:p.yml@v1 -> a/c4:p.yml@v1.`);
    expect(log).toEqual(['a/c1:p.yml@v1', 'a/c2:p.yml@v1', 'a/c3:p.yml@v1']);
  });

  it('accepts a chain of exactly the limit', async () => {
    const files = Object.fromEntries([1, 2, 3].map((n) => [`a/c${n}:p.yml@v1`, n === 3 ? 'version: 1\n' : `version: 1\nextends: a/c${n + 1}:p.yml@v1\n`]));
    const chain = await resolveChain(top('extends: a/c1:p.yml@v1\n'), { read: reader(files) });
    expect(chain.layers).toHaveLength(MAX_EXTENDS_DEPTH + 1);
  });

  it('fails closed when a central policy cannot be read: the error of the reader, never the repository file alone', async () => {
    await expect(resolveChain(top('extends: a/gone:p.yml@v1\n'), { read: reader({}) })).rejects.toThrow('Could not read the central policy a/gone:p.yml@v1');
  });

  it('reports a central file that is not valid at its own position', async () => {
    await expect(resolveChain(top('extends: a/bad:p.yml@v1\n'), { read: reader({ 'a/bad:p.yml@v1': 'version: 1\ngates: { sizes: {} }\n' }) })).rejects.toThrow(
      'a/bad:p.yml@v1:2:10: gates.sizes: unknown key "sizes"',
    );
  });
});

describe('the organisation floor of the org-config inputs', () => {
  const floor = { owner: 'acme', repo: 'policies', path: '.github/vendor-gate.yml', ref: 'v1' };
  const files = { 'acme/policies:.github/vendor-gate.yml@v1': 'version: 1\ngates: { review: { approvals: 2 } }\n' };

  it('is the whole policy when the repository has no file', async () => {
    const resolved = await resolvePolicy('.github/vendor-gate.yml', () => Promise.resolve(undefined), { description: 'main' }, { read: reader(files), floor });
    expect(resolved.policy.gates.review.approvals).toBe(2);
    expect(resolved.source).toEqual({ path: 'acme/policies:.github/vendor-gate.yml@v1', builtIn: false, central: true });
  });

  it('lies under a repository file that does not extend it', async () => {
    const run = resolvePolicy('p.yml', () => Promise.resolve('version: 1\ngates: { review: { approvals: 1 } }\n'), { description: 'main' }, { read: reader(files), floor });
    await expect(run).rejects.toThrow("p.yml:2:20: gates.review.approvals: 1 is lower than the floor's 2");
  });

  it('lies under the files the repository extends, read once', async () => {
    const log: string[] = [];
    const resolved = await resolvePolicy(
      'p.yml',
      () => Promise.resolve('version: 1\nextends: acme/team:p.yml@v1\n'),
      { description: 'main', sha: 'abc' },
      { read: reader({ ...files, 'acme/team:p.yml@v1': 'version: 1\nextends: acme/policies:.github/vendor-gate.yml@v1\n' }, log), floor },
    );
    expect(log).toEqual(['acme/team:p.yml@v1', 'acme/policies:.github/vendor-gate.yml@v1']);
    expect(resolved.source).toEqual({ path: 'p.yml', builtIn: false, sha: 'abc', floors: ['acme/team:p.yml@v1', 'acme/policies:.github/vendor-gate.yml@v1'] });
  });

  it('refuses the organisation file at another ref than the workflow names, which could be an older, looser floor', async () => {
    const run = resolvePolicy('p.yml', () => Promise.resolve('version: 1\nextends: acme/policies:.github/vendor-gate.yml@v0\n'), { description: 'main' }, { read: reader(files), floor });
    await expect(run).rejects.toThrow(
      "p.yml extends acme/policies:.github/vendor-gate.yml@v0, but the organisation's policy (input org-config-repo) is acme/policies:.github/vendor-gate.yml@v1.",
    );
  });

  it('leaves a repository without extends or floor as it was', async () => {
    const resolved = await resolvePolicy('p.yml', () => Promise.resolve('version: 1\n'), { description: 'main' }, { read: reader({}) });
    expect(resolved.source).toEqual({ path: 'p.yml', builtIn: false });
  });
});
