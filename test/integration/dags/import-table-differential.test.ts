import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { airflowFacts } from '../../../agent/airflow/facts-lookup.js';
import { tempDir } from '../../../harness/temp-dir.js';

/*
 * The version table's import tables (agent/airflow/airflow-imports.ts) against the real packages: the
 * candidates are Airflow 2.10.5's import paths and Airflow 3.3.1's airflow.sdk names; each 3.x virtualenv
 * answers what `from M import N` does in a DAG file there (airflow_imports_dump.py). 3.2.1's table came
 * from the same script on a 3.2.1 install that the test set-up does not build.
 */

const ROOT = new URL('../../..', import.meta.url).pathname;
const DUMP = join(ROOT, 'test/integration/dags/airflow_imports_dump.py');
const run = promisify(execFile);

interface Probe {
  missing_modules: string[];
  missing_names: Record<string, string[]>;
  import_warnings: Record<string, string[]>;
}

let candidates: string;

beforeAll(async () => {
  for (const v of ['airflow', 'airflow-3.3.1']) {
    if (!existsSync(join(ROOT, '.venv', v, 'bin/python')))
      throw new Error(`.venv/${v} is missing: run infra/setup.sh (infra/setup.d/20-airflow.sh, 21-airflow3.sh)`);
  }
  await using dir = await tempDir('import-table-');
  const legacy = join(dir.path, 'candidates.json');
  const sdk = join(dir.path, 'sdk.json');
  await run(join(ROOT, '.venv/airflow/bin/python'), [DUMP, 'candidates', legacy], { maxBuffer: 64 << 20 });
  await run(join(ROOT, '.venv/airflow-3.3.1/bin/python'), [DUMP, 'sdk-candidates', sdk], { maxBuffer: 64 << 20 });
  candidates = JSON.stringify(
    Object.assign(JSON.parse(readFileSync(legacy, 'utf8')), JSON.parse(readFileSync(sdk, 'utf8'))),
  );
}, 120_000);

describe.each(['3.0.6', '3.3.1'])('the import table of Airflow %s', (version) => {
  it('holds what the real package does for every import path of the candidates', async () => {
    await using dir = await tempDir('import-table-probe-');
    const file = join(dir.path, 'candidates.json');
    writeFileSync(file, candidates);
    const { stdout } = await run(join(ROOT, `.venv/airflow-${version}/bin/python`), [DUMP, 'probe', file], {
      maxBuffer: 64 << 20,
    });
    const real = JSON.parse(stdout) as Probe;
    const table = airflowFacts(version).dagFiles.imports!;
    expect([...table.missingModules]).toEqual(real.missing_modules);
    const names = Object.fromEntries(Object.entries(table.missingNames).map(([m, n]) => [m, n.split(' ')]));
    expect(names).toEqual(Object.fromEntries(Object.entries(real.missing_names).map(([m, n]) => [m, [...n].sort()])));
    const expand = (dotted: string, w: string) =>
      w.startsWith('=')
        ? `airflow.utils.deprecation_tools.DeprecatedImportWarning: The \`${dotted}\` attribute is deprecated. Please use \`'${w.slice(1)}'\`.`
        : w;
    const warnings = Object.fromEntries(
      Object.entries(table.importWarnings).map(([k, ws]) => [k, ws.map((w) => expand(k, w))]),
    );
    expect(warnings).toEqual(real.import_warnings);
  }, 120_000);
});
