import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPTIONS } from '../../../agent/cli/config.js';
import { optionsTable, withOptionsTable } from '../../../harness/readme-options.js';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe("the README's option table", () => {
  it('is the table the config schema generates (run `npm run docs:options` after changing an option)', () => {
    expect(README).toBe(withOptionsTable(README));
  });

  it('lists every option of the schema, --airflow-config and --config', () => {
    const flags = [...optionsTable().matchAll(/^\| `(--[a-z-]+)/gm)].map((m) => m[1]);
    expect(flags).toEqual([...OPTIONS.map((o) => o.flag), '--airflow-config', '--config']);
  });

  it('is rewritten when a row went stale', () => {
    const stale = README.replace('| Parallel S3 downloads |', '| Parallel downloads |');
    expect(stale).not.toBe(README);
    expect(withOptionsTable(stale)).toBe(README);
  });
});
