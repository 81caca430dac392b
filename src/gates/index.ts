import type { GateId } from '../policy/types.js';
import { accessGate } from './access.js';
import { commitsGate } from './commits.js';
import { contractGate } from './contract.js';
import { coverageGate } from './coverage.js';
import { descriptionGate } from './description.js';
import { legalGate } from './legal.js';
import { reviewGate } from './review.js';
import { secretsGate } from './secrets.js';
import { sizeGate } from './size.js';
import { testsGate } from './tests.js';
import type { Gate } from './types.js';

/** Every gate in the order the report lists them: what the vendor can fix first, then what waits on maintainers. */
export const GATES: ReadonlyArray<{ id: GateId; title: string; run: Gate }> = [
  { id: 'access', title: 'Scope of work', run: accessGate },
  { id: 'secrets', title: 'Secrets', run: secretsGate },
  { id: 'size', title: 'Size', run: sizeGate },
  { id: 'description', title: 'Description', run: descriptionGate },
  { id: 'commits', title: 'Commit identity', run: commitsGate },
  { id: 'legal', title: 'Sign-off and licence headers', run: legalGate },
  { id: 'tests', title: 'Tests with the code', run: testsGate },
  { id: 'coverage', title: 'Test coverage', run: coverageGate },
  { id: 'review', title: 'Review', run: reviewGate },
  { id: 'contract', title: 'Contract', run: contractGate },
];
