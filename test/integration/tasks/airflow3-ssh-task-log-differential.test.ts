import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { airflowProfile } from '../../../agent/airflow/profile-lookup.js';
import { ManualClock } from '../../../agent/core/clock.js';
import { silentLogger } from '../../../agent/core/logger.js';
import type { DagSpec } from '../../../agent/dags/dag-model.js';
import { JsonTaskLogWriter } from '../../../agent/tasks/json-task-log-writer.js';
import { SshOperator } from '../../../agent/tasks/ssh/ssh-operator.js';
import { runAttempt } from '../../../agent/tasks/task-attempt.js';
import { TaskLogMasker } from '../../../agent/tasks/task-log-masker.js';
import { dagSpec, task } from '../../../harness/dag-specs.js';
import { dagRunRecord } from '../../../harness/run-records.js';
import { connectionLookup, sshConnection } from '../../../harness/ssh-task.js';
import { startSshd, type SshdServer } from '../../../harness/sshd.js';
import { normalise, type Rec } from './task-log-records.js';

/**
 * Issue 12 item 5: the MWAA guide's ssh.py with `schedule=None` on an Airflow 3.3.1 environment, whose
 * constraints pin SSH provider 6.0.1. The whole task log (the task runner's records around the provider's and
 * paramiko's) against Airflow 3.3.1's own task runner running the real SSHOperator 6.0.1 (.venv/airflow-3.3.1,
 * `airflow_task_runner.py`) on the same file, the same connection and the same real sshd, record by record,
 * modulo timestamps and ids.
 */
const VERSION = '3.3.1';
const python = new URL(`../../../.venv/airflow-${VERSION}/bin/python`, import.meta.url).pathname;
const runner = new URL('./airflow_task_runner.py', import.meta.url).pathname;
const REPO = new URL('../../../', import.meta.url).pathname;

/** infra/demo/ssh.py as a 3.x user writes it: Airflow 3 removed `schedule_interval`. */
const DAG_FILE = readFileSync(join(REPO, 'infra/demo/ssh.py'), 'utf8').replace(
  /schedule_interval=None,\s*/,
  'schedule=None,\n',
);

const CASE = {
  dag_id: 'ssh_operator_example',
  task_id: 'ssh_task',
  run_id: 'manual__2026-12-07T12:46:28.357650+00:00',
  logical_date: null,
  data_interval: null,
  run_after: '2026-12-07T12:46:28.357650+00:00',
};

describe.skipIf(!existsSync(python) && !process.env.CI)(
  "the guide's ssh.py (schedule=None) on Airflow 3.3.1 with SSH provider 6.0.1, against real sshd",
  () => {
    let sshd: SshdServer;
    let dagsDir: string;
    let dag: DagSpec;
    const extra = () => ({ key_file: sshd.keys.rsaPem });

    beforeAll(async () => {
      sshd = await startSshd();
      dagsDir = mkdtempSync(join(tmpdir(), 'af3-ssh-task-log-'));
      writeFileSync(join(dagsDir, `${CASE.dag_id}.py`), DAG_FILE);
      dag = dagSpec({
        dagId: CASE.dag_id,
        fileloc: join(dagsDir, `${CASE.dag_id}.py`),
        relativeFileloc: `${CASE.dag_id}.py`,
        schedule: { kind: 'none' },
        tasks: [task(CASE.task_id, { operator: 'SSHOperator', args: { ssh_conn_id: 'ssh_new', command: 'hostname' } })],
      });
    });
    afterAll(async () => {
      await sshd?.stop();
      if (dagsDir) rmSync(dagsDir, { recursive: true, force: true });
    });

    function realRecords(): { records: Rec[]; state: string } {
      const home = mkdtempSync(join(tmpdir(), 'airflow-home-'));
      try {
        const conn = { conn_type: 'ssh', host: sshd.host, port: sshd.port, login: sshd.user, extra: extra() };
        const out = spawnSync(python, [runner, dagsDir], {
          input: `${JSON.stringify(CASE)}\n`,
          env: {
            ...process.env,
            AIRFLOW_HOME: home,
            HOME: home,
            PYTHONWARNINGS: 'ignore',
            AIRFLOW_CONN_SSH_NEW: JSON.stringify(conn),
          },
          encoding: 'utf8',
          timeout: 300_000,
        });
        if (out.status !== 0) throw new Error(`Airflow task runner failed: ${out.stderr}`);
        const records: Rec[] = [];
        let state = '?';
        for (const line of out.stdout.split('\n')) {
          if (line.startsWith('@@END ')) state = line.slice(6);
          else if (line.startsWith('{')) {
            const { exception, ...rec } = JSON.parse(line) as Rec;
            records.push(exception === undefined ? rec : { ...rec, error_detail: exception });
          }
        }
        return { records, state };
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    }

    async function agentRecords(): Promise<{ records: Rec[]; state: string }> {
      const profile = airflowProfile(VERSION);
      const dir = mkdtempSync(join(tmpdir(), 'agent-ssh-log-'));
      const path = join(dir, 'attempt=1.log');
      const clock = new ManualClock('2026-12-07T12:48:10Z');
      const masker = new TaskLogMasker();
      const run = dagRunRecord({
        dagId: CASE.dag_id,
        runId: CASE.run_id,
        logicalDate: null,
        dataIntervalStart: null,
        dataIntervalEnd: null,
        runAfter: CASE.run_after,
        conf: {},
      });
      const keys = {
        run_id: CASE.run_id,
        task_id: CASE.task_id,
        map_index: -1,
        dag_id: CASE.dag_id,
        try_number: 1,
        ti_id: 'x',
      };
      const log = new JsonTaskLogWriter({ clock, profile, masker, path, taskKeys: keys });
      const ssh = new SshOperator({ log: silentLogger(), retryWait: () => 0 });
      const conn = sshConnection({
        connId: 'ssh_new',
        host: sshd.host,
        port: sshd.port,
        login: sshd.user,
        extra: JSON.stringify(extra()),
      });
      try {
        const result = await runAttempt({
          clock,
          dag,
          task: dag.tasks[0]!,
          run,
          tryNumber: 1,
          operators: [ssh],
          connections: connectionLookup([conn]),
          profile,
          dagsDir,
          stateDir: dir,
          log,
          masker,
          hostname: 'agent-host',
          pid: process.pid,
          jobId: 1,
          env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
          signal: new AbortController().signal,
          pushXCom: () => undefined,
        });
        log.close();
        const records = readFileSync(path, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as Rec);
        return { records, state: result.state };
      } finally {
        await ssh.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }

    it("writes the task log record by record as Airflow 3.3.1's task runner with SSHOperator 6.0.1 does", async () => {
      expect(airflowProfile(VERSION).ssh.providerVersion).toBe('6.0.1');
      const want = realRecords();
      expect(want.state).toBe('success');
      expect(want.records.map((r) => r.event)).toContain(sshd.hostname);
      const got = await agentRecords();
      expect(got.state).toBe('success');
      expect(got.records.map(normalise)).toEqual(want.records.map(normalise));
    });
  },
);
