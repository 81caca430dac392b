import { createHash } from 'node:crypto';
import packageJson from '../../package.json' with { type: 'json' };
import { confidenceOf, RULES, type Severity } from '../secrets/rules.js';
import type { Finding, Report } from '../model.js';

/** One secret finding as SARIF needs it; `message` holds only the redacted preview. */
export interface SarifFinding {
  ruleId: string;
  message: string;
  file: string;
  line: number;
  column: number;
  /** Below the policy's min_confidence: a SARIF note, which does not fail code scanning's check. */
  advisory?: boolean;
  /** The redacted preview of the value: with the rule and the file, what identifies the finding from one commit to the next. */
  preview?: string;
}

/**
 * Fingerprints that code scanning matches across commits, so that an alert stays one alert while lines
 * move: the rule, the file and the redacted preview (never the line or column), with the occurrence
 * number for the same value found twice in a file.
 */
function fingerprints(findings: readonly SarifFinding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const hash = createHash('sha256').update(`${f.ruleId}\0${f.file}\0${f.preview ?? ''}`).digest('hex').slice(0, 32);
    const occurrence = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, occurrence);
    return `${hash}:${occurrence}`;
  });
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { high: 'error', medium: 'warning', low: 'note' };
// GitHub code scanning ranks security results by this score: 9.0+ critical, 7.0+ high, 4.0+ medium.
const SECURITY_SEVERITY: Record<Severity, string> = { high: '9.0', medium: '7.0', low: '4.0' };

const uri = (path: string): string => path.split('/').map(encodeURIComponent).join('/');

/** A SARIF 2.1.0 log of secret findings, for upload to GitHub code scanning. */
export function renderSarif(findings: readonly SarifFinding[], version: string = packageJson.version): string {
  const used = RULES.filter((r) => findings.some((f) => f.ruleId === r.id));
  const prints = fingerprints(findings);
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'vendor-gate',
            version,
            rules: used.map((r) => ({
              id: r.id,
              name: r.title.replace(/[^A-Za-z0-9]+/g, ' ').trim().replace(/ (.)/g, (_, c: string) => c.toUpperCase()).replace(/^./, (c) => c.toUpperCase()),
              shortDescription: { text: r.title },
              fullDescription: { text: `A ${r.title} was added. Anyone who can read the repository can use it.` },
              help: { text: 'Remove the secret and rotate it (revoke it, issue a new one): it stays in the git history. If it is not a secret, allow it with gates.secrets.allow_patterns in the base policy.' },
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: { tags: ['security', 'secret'], precision: confidenceOf(r), 'security-severity': SECURITY_SEVERITY[r.severity] },
            })),
          },
        },
        results: findings.map((f, i) => {
          const rule = used.findIndex((r) => r.id === f.ruleId);
          return {
            ruleId: f.ruleId,
            ...(rule >= 0 ? { ruleIndex: rule } : {}),
            level: f.advisory === true ? 'note' : LEVEL[used[rule]?.severity ?? 'high'],
            message: { text: f.message },
            locations: [{ physicalLocation: { artifactLocation: { uri: uri(f.file), uriBaseId: '%SRCROOT%' }, region: { startLine: f.line, startColumn: f.column } } }],
            partialFingerprints: { 'vendorGateFinding/v1': prints[i] },
          };
        }),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/**
 * The secret findings of a report that point at a file line: code scanning needs a location, so
 * findings in the title, the description and commit messages are in the comment and the JSON report only.
 */
export function sarifFindings(report: Report): SarifFinding[] {
  const gate = report.gates.find((g) => g.id === 'secrets');
  if (!gate || gate.outcome === 'off') return [];
  const located = (advisory: boolean) => (f: Finding): SarifFinding[] =>
    f.rule !== undefined && f.file !== undefined && f.line !== undefined
      ? [{ ruleId: f.rule, message: f.message, file: f.file, line: f.line, column: f.column ?? 1, ...(advisory ? { advisory } : {}), ...(f.preview === undefined ? {} : { preview: f.preview }) }]
      : [];
  return [...gate.findings.flatMap(located(false)), ...(gate.advisories ?? []).flatMap(located(true))];
}
