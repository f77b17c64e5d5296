/**
 * `npm run docs:options`: rewrites the README's option table from the config schema (agent/cli/config.ts).
 * test/unit/cli/readme-options.test.ts fails while the committed README differs from what this writes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { withOptionsTable } from '../harness/readme-options.js';

const README = new URL('../README.md', import.meta.url).pathname;
const before = readFileSync(README, 'utf8');
const after = withOptionsTable(before);
if (after !== before) writeFileSync(README, after);
console.log(after === before ? 'README.md option table is up to date' : 'README.md option table rewritten');
