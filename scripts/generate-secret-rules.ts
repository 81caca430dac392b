// Writes the secret rules table into README.md; a unit test fails when it is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { withRulesTable } from '../src/secrets/rules-doc.js';

const path = new URL('../README.md', import.meta.url);
writeFileSync(path, withRulesTable(readFileSync(path, 'utf8')));
console.log('wrote the secret rules table in README.md');
