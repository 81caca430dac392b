import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import { DEFAULT_REPORT_GLOBS, loadWorkspaceCoverage, splitPatterns, unreadable } from './load.js';
import { LIMITS } from './parse.js';
import type { CoverageInput, ParsedReport, RepositoryFiles } from './types.js';
import { reportsFromZip } from './zip.js';

export interface CoverageSource {
  /** The input coverage: paths or globs in the workspace, or of the artifact's entries. */
  coverage: string;
  /** The input coverage-artifact. */
  coverageArtifact: string;
  workspace: string;
  eventName: string;
  /** The triggering run of a workflow_run event. */
  workflowRunId?: number;
  /** The PR's head commit, whose newest run with the artifact is used when the triggering run has none. */
  headSha: string;
  /** Lists the repository's files at the head commit, which report paths are mapped to. */
  listFiles?: () => Promise<RepositoryFiles>;
}

/** Downloads an artifact of a run as a zip, or undefined when the run has none by that name. */
export type ArtifactDownload = (runId: number, name: string, maxBytes: number) => Promise<Buffer | undefined>;
/** The newest run of the head commit that kept an artifact of that name. */
export type ArtifactRunFinder = (name: string, headSha: string) => Promise<number | undefined>;

const ARTIFACT_FIX = 'Upload the coverage report with actions/upload-artifact in the workflow that runs the tests, under the name given in coverage-artifact.';

/** The coverage reports of this run, from the workspace or the triggering run's artifact; every failure fails the gate closed. */
export async function loadCoverage(source: CoverageSource, download: ArtifactDownload, findRun: ArtifactRunFinder, logger: Logger): Promise<CoverageInput> {
  const input = await loadReports(source, download, findRun, logger);
  if (input.kind !== 'reports' || !source.listFiles) return input;
  return { ...input, repository: await source.listFiles() };
}

async function loadReports(source: CoverageSource, download: ArtifactDownload, findRun: ArtifactRunFinder, logger: Logger): Promise<CoverageInput> {
  if (source.coverageArtifact !== '') {
    const name = source.coverageArtifact;
    let runId = source.workflowRunId;
    let zip: Buffer | undefined;
    try {
      if (runId !== undefined) zip = await download(runId, name, LIMITS.totalBytes);
      // A run started by a label, an edit or a review has no report of its own: use the newest one of the head commit.
      const found = zip ? undefined : await findRun(name, source.headSha);
      if (found !== undefined && found !== runId) {
        runId = found;
        zip = await download(found, name, LIMITS.totalBytes);
      }
    } catch (error) {
      if (error instanceof UserError) return unreadable(error, name);
      throw error;
    }
    if (!zip || runId === undefined) {
      const triggering = source.workflowRunId === undefined ? '' : `the workflow run ${source.workflowRunId} has no artifact named ${JSON.stringify(name)}, and `;
      return {
        kind: 'unavailable',
        reason: `The coverage report is missing: ${triggering}no workflow run of the head commit ${source.headSha.slice(0, 7)} kept an artifact named ${JSON.stringify(name)} (the input coverage-artifact).`,
        fix: ARTIFACT_FIX,
      };
    }
    const patterns = source.coverage === '' ? DEFAULT_REPORT_GLOBS : splitPatterns(source.coverage);
    let reports: ParsedReport[];
    try {
      reports = await reportsFromZip(zip, name, patterns);
    } catch (error) {
      // The zip is the vendor's data: a broken or hostile archive fails the gate, it does not stop the run.
      return unreadable(error, name);
    }
    if (reports.length === 0) {
      return { kind: 'unavailable', reason: `The coverage report is missing: the artifact ${JSON.stringify(name)} of run ${runId} has no file matching ${patterns.join(', ')}.`, fix: ARTIFACT_FIX };
    }
    logger.info(`Coverage: ${reports.length} report(s) from the artifact ${name} of run ${runId}.`);
    return { kind: 'reports', reports };
  }
  if (source.coverage !== '') return loadWorkspaceCoverage(source.coverage, source.workspace);
  return {
    kind: 'unavailable',
    reason: 'The policy turns the coverage gate on, but no report was given: the inputs coverage and coverage-artifact are both empty.',
    fix: 'Set the input coverage to the report of the test run (such as coverage/lcov.info), or coverage-artifact in a workflow_run workflow.',
  };
}
