import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from '../../../harness/agent-process.js';
import { eventually } from '../../../harness/eventually.js';

/*
 * `mwaa-agent check` as CI and pre-commit run it: the built CLI in a fresh process, on the team's corpora
 * and on small folders made here. JUnit reports are validated against test/fixtures/junit/junit.xsd with
 * xmllint (libxml2-utils, installed by infra/setup-system.sh).
 */

const ROOT = new URL('../../..', import.meta.url).pathname;
const CLI = join(ROOT, 'dist/bin/mwaa-agent.js');
const CORPUS = join(ROOT, 'test/fixtures/dags/corpus');
const CORPUS_3 = join(ROOT, 'test/fixtures/dags-airflow3');
const XSD = join(ROOT, 'test/fixtures/junit/junit.xsd');
const GUIDE_DAG = join(ROOT, 'infra/demo/ssh.py');
let root: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI in `cwd` with only the given MWAA/Airflow variables (none of the developer's leak in). */
function check(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('MWAA_AGENT_') && !k.startsWith('AIRFLOW_')),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, 'check', ...args],
      {
        cwd,
        env: { ...base, MWAA_AGENT_STATE_DIR: join(root, 'state'), MWAA_AGENT_CACHE_DIR: join(root, 'cache'), ...env },
        maxBuffer: 64 * 1024 * 1024,
      },
      (e, stdout, stderr) => resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** xmllint's verdict on a JUnit report: '' when it validates, else its errors. */
function junitErrors(xml: string): Promise<string> {
  const file = join(root, `report-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  return new Promise((resolve) => {
    execFile('xmllint', ['--noout', '--schema', XSD, file], (e, _out, stderr) => resolve(e ? stderr : ''));
  });
}

interface Report {
  exit_code: number;
  errors: number;
  warnings: number;
  versions: {
    airflow_version: string;
    files: number;
    dags: number;
    broken: { file: string }[];
    newly_broken: string[];
  }[];
  findings: {
    severity: string;
    code: string;
    file: string;
    line: number | null;
    airflow_version: string | null;
    message: string;
  }[];
}

/** A folder holding the guide's DAG, its requirements and `files`. */
function folder(name: string, files: Record<string, string> = {}): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(GUIDE_DAG, join(dir, 'ssh.py'));
  writeFileSync(
    join(dir, 'requirements.txt'),
    '-c https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt\napache-airflow-providers-ssh\n',
  );
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  return dir;
}

const SSH_ENV = { AIRFLOW_CONN_SSH_NEW: 'ssh://user@example.com' };

beforeAll(() => {
  assertBuilt();
  root = mkdtempSync(join(tmpdir(), 'mwaa-check-proc-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('mwaa-agent check as a process', () => {
  it('exits 0 on the guide’s DAG with its requirements and its connection defined', async () => {
    const dir = folder('clean');
    const r = await check([], dir, SSH_ENV);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Airflow 2\.10\.3: 1 DAG file, 1 DAG, 0 files that do not load$/m);
    expect(r.stdout).toMatch(/^0 errors, 0 warnings$/m);
  });

  it('warns about a conn_id and a variable no source defines, and --strict makes that exit 1', async () => {
    const dir = folder('unknown-refs', {
      'vars.py': [
        'from datetime import datetime',
        'from airflow import DAG',
        'from airflow.operators.bash import BashOperator',
        'with DAG("uses_var", start_date=datetime(2024, 1, 1), schedule=None):',
        '    BashOperator(task_id="t", bash_command="echo {{ var.value.target_host }} {{ var.value.get(\'opt\', \'x\') }}")',
        '',
      ].join('\n'),
    });
    const r = await check(['--format', 'json'], dir);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.findings.map((f) => [f.code, f.file, f.line])).toEqual([
      ['UNKNOWN_CONN_ID', 'ssh.py', 12],
      ['UNKNOWN_VARIABLE', 'vars.py', 5],
    ]);
    expect(report.findings[1]!.message).toContain('Variable target_host does not exist');
    const defined = await check(['--format', 'json'], dir, { ...SSH_ENV, AIRFLOW_VAR_TARGET_HOST: 'web1' });
    expect((JSON.parse(defined.stdout) as Report).findings).toEqual([]);
    const strict = await check(['--strict'], dir);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/^2 errors, 0 warnings$/m);
  });

  it('reports the 2.x corpus’s import errors with exit 1, and its JUnit report validates against the JUnit XSD', async () => {
    const json = await check(['--airflow-version', '2.10.3', '--format', 'json'], CORPUS);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as Report;
    const errors = report.findings.filter((f) => f.code === 'DAG_IMPORT_ERROR');
    expect(errors.length).toBeGreaterThan(20);
    expect(errors.map((f) => f.file)).toContain('err_cycle.py');
    expect(errors.find((f) => f.file === 'err_cycle.py')!.message).toMatch(/Cycle detected/);
    expect(report.exit_code).toBe(1);
    const junit = await check(['--airflow-version', '2.10.3', '--format', 'junit'], CORPUS);
    expect(junit.code).toBe(1);
    expect(await junitErrors(junit.stdout)).toBe('');
    expect(junit.stdout).toContain('<testcase name="err_cycle.py" classname="mwaa-agent check.Airflow 2.10.3"');
    expect(junit.stdout.match(/<failure /g)?.length).toBe(new Set(errors.map((f) => f.file)).size);
  }, 300_000);

  it('gives an upgrade verdict on the Airflow 3 corpus: one JUnit suite per version, the files that break on 3.3.1', async () => {
    const args = ['--airflow-version', '2.10.3', '--airflow-version', '3.3.1'];
    const json = await check([...args, '--format', 'json'], CORPUS_3);
    const report = JSON.parse(json.stdout) as Report;
    expect(report.versions.map((v) => v.airflow_version)).toEqual(['2.10.3', '3.3.1']);
    const on3 = report.versions[1]!;
    expect(on3.broken.map((b) => b.file)).toContain('err_cycle.py');
    // What loads on 2.10.3 and not on 3.3.1: the 2.x dataset module, DAG arguments 3.x takes by keyword only
    // (or not at all) and the removed legacy paths.
    expect(on3.newly_broken).toEqual([
      'dataset2_expression.py',
      'dataset2_or_time.py',
      'dataset2_outlets.py',
      'dataset2_schedule.py',
      'pos_description_airflow_dag.py',
      'pos_schedule_interval_call.py',
      'pos_too_many_models_dag.py',
      'removed_days_ago.py',
      'removed_dummy_operator_module.py',
      'removed_subdag_operator.py',
    ]);
    const text = await check(args, CORPUS_3);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(
      /^Airflow 3\.3\.1: \d+ DAG files, \d+ DAGs, \d+ files that do not load, 10 of them load on 2\.10\.3$/m,
    );
    const junit = await check([...args, '--format', 'junit'], CORPUS_3);
    expect(await junitErrors(junit.stdout)).toBe('');
    expect(junit.stdout.match(/<testsuite /g)?.length).toBe(2);
  }, 300_000);

  it('names the 2.x DAGs that break on 3.3.1 and why, and the catchup default change with its runs', async () => {
    const dir = folder('upgrade', {
      'legacy.py': [
        'from datetime import datetime',
        'from airflow import DAG',
        'from airflow.operators.bash import BashOperator',
        'with DAG("legacy", start_date=datetime(2024, 1, 1), schedule_interval="@daily", catchup=False):',
        '    BashOperator(task_id="t", bash_command="echo {{ execution_date }}")',
        '',
      ].join('\n'),
      'daily.py': [
        'from datetime import datetime',
        'from airflow import DAG',
        'from airflow.operators.bash import BashOperator',
        'with DAG("daily", start_date=datetime(2024, 1, 1), schedule="@daily"):',
        '    BashOperator(task_id="t", bash_command="echo {{ next_ds }}")',
        '',
      ].join('\n'),
    });
    writeFileSync(join(dir, 'requirements.txt'), 'apache-airflow-providers-ssh\n');
    const r = await check(
      ['--airflow-version', '2.10.3', '--airflow-version', '3.3.1', '--format', 'json'],
      dir,
      SSH_ENV,
    );
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    // The guide's DAG too: it passes schedule_interval=None.
    expect(report.versions[1]!.newly_broken).toEqual(['legacy.py', 'ssh.py']);
    const broken = report.findings.find((f) => f.code === 'DAG_IMPORT_ERROR')!;
    expect(broken).toMatchObject({ file: 'legacy.py', airflow_version: '3.3.1' });
    expect(broken.message).toContain("unexpected keyword argument 'schedule_interval'");
    const context = report.findings.find((f) => f.code === 'CONTEXT_KEY_REMOVED')!;
    expect(context).toMatchObject({ file: 'daily.py', line: 5, airflow_version: '3.3.1' });
    expect(context.message).toContain('{{ next_ds }}');
    const catchup = report.findings.find((f) => f.code === 'CATCHUP_DEFAULT_CHANGED')!;
    expect(catchup).toMatchObject({ file: 'daily.py', line: 4, severity: 'warning' });
    expect(catchup.message).toMatch(
      /default changes from True to False: .*\(unpaused now: 1 run instead of \d+\+? runs\)/,
    );
  });

  it('flags the MWAA traps of a bucket folder: Python outside dags/, a key_file that is not there, a hidden DAG', async () => {
    const dir = join(root, 'bucket');
    mkdirSync(join(dir, 'dags'), { recursive: true });
    writeFileSync(
      join(dir, 'requirements.txt'),
      '-c https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt\napache-airflow-providers-ssh\n',
    );
    copyFileSync(GUIDE_DAG, join(dir, 'stray_dag.py'));
    writeFileSync(join(dir, 'dags', '.airflowignore'), 'draft_.*\n');
    copyFileSync(GUIDE_DAG, join(dir, 'dags', 'draft_guide.py'));
    writeFileSync(
      join(dir, 'dags', 'hook.py'),
      [
        'from datetime import datetime',
        'from airflow import DAG',
        'from airflow.providers.ssh.hooks.ssh import SSHHook',
        'from airflow.providers.ssh.operators.ssh import SSHOperator',
        'with DAG("hook", start_date=datetime(2024, 1, 1), schedule=None):',
        '    SSHOperator(task_id="t", command="true", ssh_hook=SSHHook(remote_host="h", username="u", key_file="/usr/local/airflow/dags/id_rsa"))',
        '',
      ].join('\n'),
    );
    const r = await check(['.', '--airflow-version', '2.10.3', '--format', 'json'], dir, SSH_ENV);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.findings.map((f) => [f.code, f.file])).toEqual([
      ['OUTSIDE_DAGS', 'stray_dag.py'],
      ['IGNORED_FILE', 'dags/draft_guide.py'],
      ['KEY_FILE_MISSING', 'dags/hook.py'],
    ]);
    expect(r.code).toBe(0);
    writeFileSync(join(dir, 'dags', 'id_rsa'), 'key');
    const again = JSON.parse(
      (await check(['.', '--airflow-version', '2.10.3', '--format', 'json'], dir, SSH_ENV)).stdout,
    ) as Report;
    expect(again.findings.map((f) => f.code)).toEqual(['OUTSIDE_DAGS', 'IGNORED_FILE']);
  });

  it('reads the 2.x corpus alike with the reader’s code cache absent, stored, corrupt or unwritable, and replaces a corrupt one', async () => {
    const cache = join(root, 'code-cache');
    const env = { MWAA_AGENT_CACHE_DIR: cache };
    const args = ['--airflow-version', '2.10.3', '--format', 'json'];
    const fresh = await check(args, CORPUS, env);
    expect(fresh.code).toBe(1);
    const [file] = readdirSync(cache);
    expect(file).toMatch(/^parse-service-[0-9a-f]{16}\.bin$/);
    const path = join(cache, file!);
    const stored = readFileSync(path);
    expect(await check(args, CORPUS, env)).toEqual(fresh);
    // Bytes of the payload changed (its digest no longer matches): never given to V8, compiled anew, rewritten.
    const corrupt = Buffer.from(stored);
    for (let i = 64; i < corrupt.length; i += 997) corrupt[i]! ^= 0x5a;
    writeFileSync(path, corrupt);
    expect(await check(args, CORPUS, env)).toEqual(fresh);
    expect(readFileSync(path).equals(corrupt)).toBe(false);
    expect(readdirSync(cache)).toEqual([file]);
    // A cache folder that cannot be made (a file is in the way): the check runs without one.
    const blocked = join(root, 'cache-blocked');
    writeFileSync(blocked, '');
    expect(await check(args, CORPUS, { MWAA_AGENT_CACHE_DIR: join(blocked, 'cache') })).toEqual(fresh);
  }, 300_000);

  it('cuts off a file that keeps the reader busy after --dagbag-import-timeout with Airflow’s timeout error', async () => {
    const dir = folder('spin', {
      'spin.py': 'from airflow import DAG\nx = [i for i in range(100000) for j in range(100000)]\n',
    });
    const t0 = performance.now();
    const r = await check(['--dagbag-import-timeout', '1', '--format', 'json'], dir, SSH_ENV);
    // The loop would run for hours: the bound (1 s, then the thread is ended 5 s later at most) stops it.
    expect(performance.now() - t0).toBeLessThan(60_000);
    expect(r.code).toBe(1);
    const [finding] = (JSON.parse(r.stdout) as Report).findings;
    expect(finding).toMatchObject({ code: 'DAG_IMPORT_ERROR', file: 'spin.py' });
    expect(finding!.message).toMatch(/^AirflowTaskTimeout: DagBag import timeout for .*spin\.py after 1\.0s\./);
  });

  it.each([
    [
      ['--airflow-version', '2.10.5'],
      /^mwaa-agent check: --airflow-version 2\.10\.5 is not a version MWAA offers; allowed: 1\.10\.12, .*3\.3\.1\n$/,
    ],
    [
      ['--format', 'xml'],
      /^error: option '--format <format>' argument 'xml' is invalid\. Allowed choices are text, json, junit\.\n$/,
    ],
    [
      ['no/such/dir'],
      /^mwaa-agent check: no\/such\/dir: no such file or folder; give a DAG file, a DAG folder, or a bucket folder holding dags\/\n$/,
    ],
    [
      ['--dagbag-import-timeout', 'soon'],
      /^mwaa-agent check: --dagbag-import-timeout must be a number of seconds > 0, got "soon"\n$/,
    ],
  ])('exits 2 with one line saying what is allowed for %j', async (args, message) => {
    const r = await check(args, folder('usage'));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('--watch re-checks on a change, clears the screen and prints only what changed in the verdict', async () => {
    const dir = folder('watch');
    const proc = spawn(process.execPath, [CLI, 'check', '--watch'], {
      cwd: dir,
      env: { ...process.env, ...SSH_ENV, MWAA_AGENT_STATE_DIR: join(root, 'state') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
    try {
      await eventually('the first full report', () => /0 errors, 0 warnings/.test(out) || undefined);
      await eventually('the watch to start', () => err.includes('for changes (Ctrl-C stops)') || undefined);
      writeFileSync(join(dir, 'broken.py'), 'from airflow import DAG\nx = (\n');
      await eventually('the change report', () => out.includes('\x1b[2J') || undefined);
      const changes = await eventually('the change lines', () => {
        const after = out.slice(out.lastIndexOf('\x1b[2J'));
        return /1 error, 0 warnings/.test(after) ? after : undefined;
      });
      // CPython 3.11's own wording for this file (python3 -c "compile(...)").
      expect(changes).toMatch(/^\+ error {3}broken\.py:2 {2}DAG_IMPORT_ERROR {2}SyntaxError: '\(' was never closed/m);
      expect(changes).not.toContain('ssh.py');
      rmSync(join(dir, 'broken.py'));
      const fixed = await eventually('the fix report', () => {
        const after = out.slice(out.lastIndexOf('\x1b[2J'));
        return /0 errors, 0 warnings/.test(after) ? after : undefined;
      });
      expect(fixed).toMatch(/^- error {3}broken\.py:2 {2}DAG_IMPORT_ERROR/m);
    } finally {
      proc.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
