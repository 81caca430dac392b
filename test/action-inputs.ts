import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

interface ActionYaml {
  inputs: Record<string, { default?: string }>;
}

/**
 * The inputs as the runner passes them when a workflow sets none: the defaults of action.yml, with
 * the token expression replaced by `token`. Tests start from these, so they cannot drift from it.
 */
export function defaultInputs(token: string): Record<string, string> {
  const action = parse(readFileSync(new URL('../action.yml', import.meta.url), 'utf8')) as ActionYaml;
  return Object.fromEntries(
    Object.entries(action.inputs).map(([name, input]) => [name, (input.default ?? '').replace('${{ github.token }}', token)]),
  );
}
