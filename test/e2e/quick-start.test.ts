// The README's Quick start, as a new maintainer copies it: its policy file (examples/policy/quick-start.yml)
// on the base branch, the default GITHUB_TOKEN (an installation token, which cannot read teams or /user).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { changed, scenario } from './scenario.js';

const QUICK_START = readFileSync(new URL('../../examples/policy/quick-start.yml', import.meta.url), 'utf8');
const { pr, run, statuses, comments } = scenario(QUICK_START);

describe('the Quick start policy with the default token', () => {
  it('gives a vendor PR a green status once a maintainer approves it, with no warning in the log', async () => {
    pr(1, { approved: true, files: [changed('src/export.ts'), changed('src/export.test.ts')] });
    const result = await run(1);
    expect(result.code).toBe(0);
    expect(statuses()[0]).toMatchObject({ state: 'success', context: 'vendor-gate' });
    expect(comments(1)[0]?.body).toContain('## ✅ vendor-gate: all');
    expect(result.stdout).not.toContain('::warning');
    expect(result.stdout).not.toContain('::error');
  });

  it('asks for that approval on the first push, and for nothing else', async () => {
    pr(2, { approved: false, files: [changed('src/export.ts'), changed('src/export.test.ts')] });
    const result = await run(2);
    expect(result.code).toBe(1);
    expect(statuses()[0]).toMatchObject({ state: 'failure', description: 'Failed: review' });
  });
});
