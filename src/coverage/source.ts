import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import { DEFAULT_REPORT_GLOBS, loadWorkspaceCoverage, splitPatterns, unreadable } from './load.js';
import { LIMITS } from './parse.js';
import type { CoverageInput, ParsedReport } from './types.js';
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
}

/** Downloads an artifact of a run as a zip, or undefined when the run has none by that name. */
export type ArtifactDownload = (runId: number, name: string, maxBytes: number) => Promise<Buffer | undefined>;

const ARTIFACT_FIX = 'Upload the coverage report with actions/upload-artifact in the workflow that runs the tests, under the name given in coverage-artifact.';

/** The coverage reports of this run, from the workspace or the triggering run's artifact; every failure fails the gate closed. */
export async function loadCoverage(source: CoverageSource, download: ArtifactDownload, logger: Logger): Promise<CoverageInput> {
  if (source.coverageArtifact !== '') {
    const name = source.coverageArtifact;
    const runId = source.workflowRunId;
    if (runId === undefined) {
      return { kind: 'unavailable', reason: `The input coverage-artifact is ${JSON.stringify(name)}, but the event ${source.eventName} is not a workflow_run, so there is no triggering run to take it from.`, fix: 'Use coverage-artifact only in a workflow triggered by workflow_run; elsewhere use the input coverage.' };
    }
    let zip: Buffer | undefined;
    try {
      zip = await download(runId, name, LIMITS.totalBytes);
    } catch (error) {
      if (error instanceof UserError) return unreadable(error, name);
      throw error;
    }
    if (!zip) return { kind: 'unavailable', reason: `The coverage report is missing: the workflow run ${runId} has no artifact named ${JSON.stringify(name)} (the input coverage-artifact).`, fix: ARTIFACT_FIX };
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
