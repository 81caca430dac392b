// Writes the committed JSON Schema of the policy; a unit test fails when it is out of date.
import { writeFileSync } from 'node:fs';
import { policyJsonSchema, SCHEMA_PATH } from '../src/policy/json-schema.js';

writeFileSync(SCHEMA_PATH, policyJsonSchema());
console.log(`wrote ${SCHEMA_PATH}`);
