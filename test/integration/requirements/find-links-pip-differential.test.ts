import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRequirementsVerdict, refreshFindLinks } from '../../../agent/requirements/requirements-verdict-loader.js';
import { writeWheel } from '../../../harness/zip-fixtures.js';

const run = promisify(execFile);

/**
 * `requirements check` on a wheels-only requirements.txt (`--no-index --find-links /usr/local/airflow/plugins`,
 * MWAA's offline install) against REAL pip (`pip install --dry-run --no-index --find-links`) on the same wheels,
 * in a fresh virtualenv of the system's Python 3.11 (MWAA 2.10.3's Python; the host is manylinux x86_64 too).
 */
describe('wheels-only requirements: mwaa-agent and pip agree', () => {
  let dir: string;
  let plugins: string;
  let pip: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'find-links-'));
    plugins = join(dir, 'plugins');
    for (const d of ['plugins', 'dags', 'requirements', 'state']) mkdirSync(join(dir, d));
    await writeWheel(plugins, 'alpha', '1.0');
    await writeWheel(plugins, 'alpha', '2.0');
    await writeWheel(plugins, 'beta', '0.5', { requires: ['alpha>=2'] });
    await writeWheel(plugins, 'gamma', '1.0', { requires: ['mwaa-test-missing-dep>=1'] });
    await writeWheel(plugins, 'delta', '1.0', { tag: 'cp39-cp39-manylinux2014_x86_64' });
    await writeWheel(plugins, 'eps', '1.0rc1');
    await writeWheel(plugins, 'zed', '3.0', { requires: ['alpha<2; python_version < "3"', 'beta'] });
    await writeWheel(plugins, 'native', '1.0', { tag: 'cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64' });
    await writeWheel(plugins, 'omega', '1.0');
    await writeWheel(plugins, 'omega', '2.0');
    await writeWheel(plugins, 'psi', '1.0', { requires: ['omega>=2'] });
    writeFileSync(join(dir, 'dags/constraints.txt'), 'zed<=3.0\nomega<2\n');
    await run('/usr/bin/python3', ['-m', 'venv', join(dir, 'venv')]);
    pip = join(dir, 'venv/bin/pip');
  }, 120_000);

  /** pip as it runs with no configuration of this machine's (PIP_FIND_LINKS, pip.conf) adding folders or indexes. */
  const pipEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PIP_'))),
    PIP_CONFIG_FILE: '/dev/null',
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
  };

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const cases: string[][] = [
    ['alpha'],
    ['alpha==1.0'],
    ['alpha==1.5'],
    ['alpha<1'],
    ['beta'],
    ['gamma'],
    ['delta'],
    ['eps'],
    ['zed'],
    ['native'],
    ['zeta'],
    ['Alpha_Beta_Gamma'],
    ['alpha', 'zed>3'],
    ['zed==3.0'],
    ['omega'],
    ['omega>1'],
    ['psi'],
  ];

  it.each(cases.map((c) => [c.join(' + '), c] as const))('requirement lines: %s', async (_name, lines) => {
    const header = [
      '--constraint /usr/local/airflow/dags/constraints.txt',
      '--no-index',
      '--find-links /usr/local/airflow/plugins',
    ];
    const file = join(dir, 'requirements/requirements.txt');
    writeFileSync(file, [...header, ...lines, ''].join('\n'));
    const options = {
      requirementsFile: file,
      dagsDir: join(dir, 'dags'),
      pluginsDir: plugins,
      stateDir: join(dir, 'state'),
      // pip runs on this machine's CPython 3.11: the environment must be MWAA's of that Python (2.10.3), not
      // the 3.12 of the default Airflow 3.3.1, for the wheel tags to mean the same.
      airflowVersion: '2.10.3',
    };
    const verdict = loadRequirementsVerdict({ ...options, findLinks: await refreshFindLinks(options) });
    const ours = verdict.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);

    const local = [
      `--constraint ${join(dir, 'dags/constraints.txt')}`,
      '--no-index',
      `--find-links ${plugins}`,
      ...lines,
      '',
    ];
    const pipFile = join(dir, 'pip-requirements.txt');
    writeFileSync(pipFile, local.join('\n'));
    const output = await run(pip, ['install', '--dry-run', '--ignore-installed', '--no-cache-dir', '-r', pipFile], {
      env: pipEnv,
    }).then(
      () => null,
      // The conflict's causes go to stdout, the ERROR lines to stderr; the file pip names is ours.
      (e: { stdout: string; stderr: string }) => `${e.stdout}\n${e.stderr}`.replaceAll(`-r ${pipFile}`, `-r ${file}`),
    );
    if (output === null) {
      expect(ours, 'pip installs this; mwaa-agent must accept it').toEqual([]);
      return;
    }
    const errors = output
      .split('\n')
      .filter((l) => l.startsWith('ERROR: '))
      .map((l) => l.slice('ERROR: '.length));
    if (errors[0]!.startsWith('Cannot install')) {
      // The ResolutionImpossible report: the same trigger and the same causes, on one line.
      const report = output.split('The conflict is caused by:\n')[1] ?? '';
      const causes = report.split('\n').flatMap((l) => (/^ {4}\S/.test(l) ? [l.trim()] : []));
      expect(ours[0]).toBe(`${errors[0]!.replace(/\.$/, '')}: ${causes.join(' / ')} (ResolutionImpossible)`);
      return;
    }
    // pip stops at the first requirement it cannot satisfy; mwaa-agent reports each, the first one as pip does.
    expect(ours[0], `pip: ${errors.join('; ')}`).toBe(errors.join('; '));
  });
});
