import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentProcess, assertBuilt } from '../../../harness/agent-process.js';
import { eventually } from '../../../harness/eventually.js';
import { freePort } from '../../../harness/free-port.js';
import { tempDir } from '../../../harness/temp-dir.js';

const NEVER_FIRES = `from datetime import datetime
from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG("never_fires", schedule="0 0 31 2 *", start_date=datetime(2024, 1, 1), catchup=False):
    EmptyOperator(task_id="t")
`;
const VALID = `from datetime import datetime
from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG("added_later", schedule="@daily", start_date=datetime(2024, 1, 1), catchup=False):
    EmptyOperator(task_id="t")
`;
const PASSWORD = 'never-fires';
const AUTH = { authorization: 'Basic ' + Buffer.from(`admin:${PASSWORD}`).toString('base64') };

/** `mwaa-agent run` in local mode on `root`, its DAGs unpaused so the scheduler plans them. */
function startAgent(root: string, port: number): AgentProcess {
  const args = ['--dags-dir', join(root, 'dags'), '--requirements-dir', join(root, 'requirements')];
  args.push('--state-dir', join(root, 'state'), '--api-port', String(port));
  // Airflow 2's cron timetable (CronDataIntervalTimetable), as this test was written for.
  args.push('--airflow-version', '2.10.3');
  return new AgentProcess(args, { MWAA_AGENT_API_PASSWORD: PASSWORD, MWAA_AGENT_DAGS_ARE_PAUSED_AT_CREATION: 'false' });
}

/** /health answers within 1 s, five times in a row: the agent's event loop is not busy searching for a date. */
async function expectResponsive(url: string): Promise<void> {
  for (let i = 0; i < 5; i++) {
    const r = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
    expect(r.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function dagIds(url: string): Promise<string[] | undefined> {
  const r = await fetch(`${url}/api/v1/dags`, { headers: AUTH, signal: AbortSignal.timeout(1000) });
  if (!r.ok) return undefined;
  return ((await r.json()) as { dags: { dag_id: string }[] }).dags.map((d) => d.dag_id).sort();
}

describe('a DAG whose cron never fires (0 0 31 2 *)', () => {
  it('leaves the agent responsive, lists DAGs added later, says so once, and survives a restart', async () => {
    assertBuilt();
    await using root = await tempDir('never-fires-');
    await mkdir(join(root.path, 'dags'));
    await mkdir(join(root.path, 'requirements'));
    await writeFile(join(root.path, 'dags', 'never.py'), NEVER_FIRES);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    {
      await using agent = startAgent(root.path, port);
      await eventually('never_fires listed', async () =>
        (await dagIds(url))?.includes('never_fires') ? true : undefined,
      );
      await expectResponsive(url);
      await writeFile(join(root.path, 'dags', 'valid.py'), VALID);
      expect(
        await eventually('added_later listed', async () => {
          const ids = await dagIds(url);
          return ids?.includes('added_later') ? ids : undefined;
        }),
      ).toEqual(['added_later', 'never_fires']);
      await expectResponsive(url);
      const details = await (await fetch(`${url}/api/v1/dags/never_fires`, { headers: AUTH })).json();
      expect(details).toMatchObject({ next_dagrun: null, next_dagrun_create_after: null, is_paused: false });
      const warnings = agent
        .output()
        .split('\n')
        .filter((l) => l.includes("for DAG 'never_fires'"));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('failed to find prev date');
    }
    await using restarted = startAgent(root.path, port);
    await eventually('the API after a restart', async () =>
      (await fetch(`${url}/health`).catch(() => undefined))?.ok ? true : undefined,
    );
    await expectResponsive(url);
    // /health answers from the process's start; the DAG list once the DAG files are read again (503 until then).
    expect(await eventually('the DAG list after a restart', () => dagIds(url))).toEqual(['added_later', 'never_fires']);
    expect(restarted.proc.exitCode).toBeNull();
  });
});
