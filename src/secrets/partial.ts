const count = (bytes: number): string => `${bytes.toLocaleString('en-US')} bytes`;

/** What the gate and the CLI say of an added line longer than the cap, so that both read alike. */
export function partialLineMessage(line: number, bytes: number, scanned: number): string {
  return `line ${line} is ${count(bytes)} long, longer than the ${count(scanned)} scanned per line: only its first ${count(scanned)} were scanned for secrets, so a secret after them would not be found`;
}

export const PARTIAL_LINE_FIX =
  'Break the line up (minified or generated content belongs in a build step, not in the pull request), or have a maintainer review the file by hand and list it in "gates.secrets.allow_paths" of the base branch.';
