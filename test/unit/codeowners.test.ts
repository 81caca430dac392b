import { describe, expect, it } from 'vitest';
import { ownerRule, parseCodeowners } from '../../src/codeowners.js';

// The example file of GitHub's documentation "About code owners", abridged.
const EXAMPLE = `# Each line is a file pattern followed by one or more owners.
*       @global-owner1 @global-owner2
*.js    @js-owner #This is an inline comment.
*.go docs@example.com
*.txt @octo-org/octocats
/build/logs/ @doctocat
docs/*  docs@example.com
apps/ @octocat
/docs/ @doctocat
/scripts/ @doctocat @octocat
**/logs @octocat
/apps/ @octocat
/apps/github
/apps/api @octocat
`;

const owners = (path: string, text = EXAMPLE): string[] | undefined => ownerRule(parseCodeowners(text, 'CODEOWNERS'), path)?.owners;

describe('CODEOWNERS matching (examples of GitHub\'s documentation)', () => {
  it.each([
    ['README.md', ['@global-owner1', '@global-owner2']],
    ['src/index.js', ['@js-owner']],
    ['main.go', ['docs@example.com']],
    ['notes/a.txt', ['@octo-org/octocats']],
    ['docs/getting-started.md', ['@doctocat']],
    ['build/logs/today.log', ['@octocat']],
    ['deeply/nested/logs/x.log', ['@octocat']],
    ['scripts/logs/run.md', ['@octocat']],
    ['scripts/deploy.sh', ['@doctocat', '@octocat']],
    ['apps/web/index.html', ['@octocat']],
    ['src/apps/x.md', ['@octocat']],
    ['apps/github/readme.md', []],
    ['apps/api/server.rb', ['@octocat']],
  ])('%s → %j', (path, expected) => {
    expect(owners(path)).toEqual(expected);
  });

  it('anchors "docs/*" at the root and does not match deeper files', () => {
    const text = '* @all\ndocs/* @docs\n';
    expect(owners('docs/getting-started.md', text)).toEqual(['@docs']);
    expect(owners('docs/build-app/troubleshooting.md', text)).toEqual(['@all']);
    expect(owners('src/docs/a.md', text)).toEqual(['@all']);
  });

  it('lets the last matching pattern win', () => {
    expect(owners('src/a.js', '*.js @first\nsrc/ @second\n')).toEqual(['@second']);
    expect(owners('src/a.js', 'src/ @second\n*.js @first\n')).toEqual(['@first']);
  });

  it('reports invalid lines by number and keeps going', () => {
    const parsed = parseCodeowners('!secret.txt @x\n*.md @docs\nsrc/[ab].ts @y\nlib/ not-an-owner\n\\#file @z\n', 'CODEOWNERS');
    expect(parsed.problems).toEqual([
      { line: 1, message: 'negation ("!") is not supported in CODEOWNERS' },
      { line: 3, message: 'character ranges ("[ ]") are not supported in CODEOWNERS' },
      { line: 4, message: '"not-an-owner" is not an owner: use @user, @org/team or an email' },
      { line: 5, message: 'escaping "#" is not supported in CODEOWNERS' },
    ]);
    expect(parsed.rules.map((r) => r.line)).toEqual([2]);
  });
});
