import type { CoverageInput, RepositoryFiles } from './types.js';

/** Every file of the checkout's HEAD commit, from the repository root, whatever folder the command runs in. */
export async function listHeadFiles(git: (args: string[]) => Promise<string>): Promise<RepositoryFiles> {
  const out = await git(['ls-tree', '-r', '-z', '--name-only', '--full-tree', 'HEAD']);
  return { paths: out.split('\0').filter((p) => p !== ''), complete: true };
}

/** The reports with the repository's files to map them to; an input without reports is returned as it is. */
export function withRepository(input: CoverageInput, repository: RepositoryFiles): CoverageInput {
  return input.kind === 'reports' ? { ...input, repository } : input;
}
