import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertBuilt, CLI } from '../../../harness/agent-process.js';
import { eventually } from '../../../harness/eventually.js';

const CLEAR_SCREEN = '\x1b[2J\x1b[3J\x1b[H';
const dagFile = (says: string) => `from datetime import datetime
from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG(dag_id="watched", start_date=datetime(2024, 1, 1), schedule_interval=None):
    BashOperator(task_id="say", bash_command="echo ${says}")
`;

const dir = mkdtempSync(join(tmpdir(), 'dags-test-watch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mwaa-agent dags test --watch as a process', () => {
  it('runs the DAG, runs it again after clearing the screen each time its file changes, and stops on Ctrl-C', async () => {
    assertBuilt();
    mkdirSync(join(dir, 'dags'));
    mkdirSync(join(dir, 'requirements'));
    writeFileSync(
      join(dir, 'requirements/requirements.txt'),
      '-c https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt\n',
    );
    const file = join(dir, 'dags/watched.py');
    writeFileSync(file, dagFile('first version'));
    const child = spawn(process.execPath, [CLI, 'dags', 'test', 'watched', '--watch'], {
      env: {
        ...process.env,
        MWAA_AGENT_DAGS_DIR: join(dir, 'dags'),
        MWAA_AGENT_STATE_DIR: join(dir, 'state'),
        MWAA_AGENT_REQUIREMENTS_DIR: join(dir, 'requirements'),
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const watching = `dags test: watching ${file} for changes (Ctrl-C to stop)\n`;
      const waitsAgain = async (times: number) =>
        eventually('the watcher to wait for a change', () =>
          stderr.split(watching).length - 1 >= times ? true : undefined,
        );
      await waitsAgain(1);
      expect(stdout).toContain('INFO - first version\n');
      expect(stdout).not.toContain(CLEAR_SCREEN);

      writeFileSync(file, dagFile('second version'));
      await waitsAgain(2);
      const runs = stdout.split(CLEAR_SCREEN);
      expect(runs).toHaveLength(2);
      expect(runs[1]).toContain('INFO - second version\n');
      expect(runs[1]).not.toContain('first version');

      // A file that no longer defines the DAG: the error, and the watcher keeps waiting.
      writeFileSync(file, dagFile('third version').replace('dag_id="watched"', 'dag_id="renamed"'));
      await waitsAgain(3);
      expect(stderr).toContain("dags test: Dag 'watched' could not be found");
      writeFileSync(file, dagFile('fourth version'));
      await waitsAgain(4);
      expect(stdout.split(CLEAR_SCREEN).at(-1)).toContain('INFO - fourth version\n');

      child.kill('SIGINT');
      expect(await exited).toBe(130);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
