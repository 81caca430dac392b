import * as z from 'zod';
import { policySchema } from './schema.js';

export const SCHEMA_PATH = 'schema/vendor-gate.schema.json';

/** The JSON Schema of the policy, generated from the same schema that validates it, for editors. */
export function policyJsonSchema(): string {
  const schema = z.toJSONSchema(policySchema, { target: 'draft-7', io: 'input' });
  return `${JSON.stringify({ ...schema, $id: 'https://raw.githubusercontent.com/vendor-gate/vendor-gate/v1/schema/vendor-gate.schema.json' }, null, 2)}\n`;
}
