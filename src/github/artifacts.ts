import { UserError } from '../errors.js';
import type { Client, RepoCoordinates } from './client.js';

/**
 * The zip of the artifact `name` of a workflow run, or undefined when the run has none by that
 * name. The download is refused beyond `maxBytes`, before and while it streams.
 */
export async function downloadRunArtifact(
  client: Client,
  { owner, repo }: RepoCoordinates,
  runId: number,
  name: string,
  maxBytes: number,
): Promise<Buffer | undefined> {
  const { data } = await client.rest.actions.listWorkflowRunArtifacts({ owner, repo, run_id: runId, name, per_page: 100 });
  const artifact = data.artifacts.find((a) => a.name === name && !a.expired);
  if (!artifact) return undefined;
  if (artifact.size_in_bytes > maxBytes) {
    throw new UserError(`The artifact ${name} of run ${runId} is ${artifact.size_in_bytes} bytes; vendor-gate reads at most ${maxBytes}.`);
  }
  // GitHub answers with a redirect to a short-lived storage URL; the token must not travel there.
  const response = await client.rest.actions.downloadArtifact({ owner, repo, artifact_id: artifact.id, archive_format: 'zip', request: { redirect: 'manual' } });
  const location = (response.headers as Record<string, unknown>).location;
  if (typeof location !== 'string') throw new Error(`Downloading the artifact ${name} gave HTTP ${response.status} without a redirect.`);
  // Plain fetch, so no token; the budget's, so the download cannot hang the run.
  const download = await client.budget.fetch()(location);
  if (!download.ok || !download.body) throw new Error(`Downloading the artifact ${name} from storage failed with HTTP ${download.status}.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of download.body as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new UserError(`The artifact ${name} of run ${runId} is larger than ${maxBytes} bytes; vendor-gate reads at most that.`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/**
 * The newest workflow run of `headSha` that kept an artifact called `name`: how a run that was not
 * started by the test workflow (a label, a review) still finds the coverage of the head commit.
 */
export async function findArtifactRun(client: Client, { owner, repo }: RepoCoordinates, name: string, headSha: string): Promise<number | undefined> {
  // The newest 100 artifacts of that name are enough: older ones belong to older commits.
  const { data } = await client.rest.actions.listArtifactsForRepo({ owner, repo, name, per_page: 100 });
  return data.artifacts.find((a) => a.name === name && !a.expired && a.workflow_run?.head_sha === headSha)?.workflow_run?.id;
}
