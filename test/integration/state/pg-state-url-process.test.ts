import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStateUrl } from '../../../agent/core/state-url.js';
import { PgRunStore } from '../../../agent/state/pg-run-store.js';
import { PG_MIGRATIONS } from '../../../agent/state/pg-schema.js';
import { AgentProcess, assertBuilt, mwaaAgent } from '../../../harness/agent-process.js';
import { eventually } from '../../../harness/eventually.js';
import { freePort } from '../../../harness/free-port.js';
import { type PostgresServer, postgresBinDir, startPostgres } from '../../../harness/postgres.js';
import { tempDir } from '../../../harness/temp-dir.js';

const DAG = `from datetime import datetime
from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG("pg_state", schedule=None, start_date=datetime(2024, 1, 1), catchup=False):
    BashOperator(task_id="hello", bash_command="echo hello from pg_state")
`;
const PASSWORD = 'pg-state-url';
const AUTH = { authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}` };

let server: PostgresServer;
let databases = 0;

/** Folders of a local-mode agent (a fresh state folder each time: what survives lives in PostgreSQL). */
async function layout(root: string, name: string): Promise<string[]> {
  const dags = join(root, 'dags');
  await mkdir(dags, { recursive: true });
  await mkdir(join(root, 'requirements'), { recursive: true });
  await writeFile(join(dags, 'pg_state.py'), DAG);
  return ['--dags-dir', dags, '--requirements-dir', join(root, 'requirements'), '--state-dir', join(root, name)];
}

async function api<T>(url: string, path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const r = await fetch(url + path, {
    ...init,
    headers: { ...AUTH, 'content-type': 'application/json' },
    signal: AbortSignal.timeout(5000),
  });
  return { status: r.status, body: (await r.json()) as T };
}

/** Until the agent's API lists pg_state (the API up and the folder read); fails at once when the agent exits. */
async function untilListed(agent: AgentProcess, base: string): Promise<void> {
  await eventually('pg_state listed', async () => {
    if (agent.proc.exitCode !== null) throw new Error(`agent exited:\n${agent.output()}`);
    const { body } = await api<{ dags?: { dag_id: string }[] }>(base, '/api/v1/dags');
    return body.dags?.some((d) => d.dag_id === 'pg_state') ? true : undefined;
  });
}

const ENV = {
  MWAA_AGENT_API_PASSWORD: PASSWORD,
  MWAA_AGENT_DAGS_ARE_PAUSED_AT_CREATION: 'false',
  // Secrets in the database are encrypted with it: agents that share a database share the key, not a state folder.
  MWAA_AGENT_FERNET_KEY: `${randomBytes(32).toString('base64url')}=`,
};

describe.skipIf(!postgresBinDir() && !process.env.CI)('mwaa-agent run --state-url postgresql://…', () => {
  beforeAll(async () => {
    assertBuilt();
    server = await startPostgres();
  });
  afterAll(async () => server?.stop());

  it('records a run triggered through the API and a variable in PostgreSQL, and an agent with a new state folder finds them there', async () => {
    await using root = await tempDir('pg-state-url-');
    const url = await server.createDatabase(`agent_${++databases}`);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const args = ['--airflow-version', '2.10.3', '--state-url', url, '--api-port', String(port)];
    {
      await using agent = new AgentProcess([...(await layout(root.path, 'state-1')), ...args], ENV);
      await untilListed(agent, base);
      const trigger = await api(base, '/api/v1/dags/pg_state/dagRuns', {
        method: 'POST',
        body: JSON.stringify({ dag_run_id: 'manual_pg_1' }),
      });
      expect(trigger.status).toBe(200);
      const variable = await api(base, '/api/v1/variables', {
        method: 'POST',
        body: JSON.stringify({ key: 'target_host', value: '10.0.0.7' }),
      });
      expect(variable.status).toBe(200);
      await eventually('manual_pg_1 succeeded', async () => {
        const { body } = await api<{ state: string }>(base, '/api/v1/dags/pg_state/dagRuns/manual_pg_1');
        return body.state === 'success' ? true : undefined;
      });
    }
    expect(
      await server.query("SELECT run_type, state FROM dag_run WHERE dag_id = 'pg_state'", [], `agent_${databases}`),
    ).toEqual([{ run_type: 'manual', state: 'success' }]);
    expect(
      await server.query('SELECT task_id, state, try_number FROM task_instance', [], `agent_${databases}`),
    ).toEqual([{ task_id: 'hello', state: 'success', try_number: 1 }]);
    expect(await server.query('SELECT component, version FROM mwaa_agent_schema', [], `agent_${databases}`)).toEqual([
      { component: 'state', version: PG_MIGRATIONS.length },
    ]);

    // Restarted on an empty state folder: the run, its task instance and the DAG's pause flag come from PostgreSQL.
    await using agent = new AgentProcess([...(await layout(root.path, 'state-2')), ...args], ENV);
    const runs = await eventually('the run listed after the restart', async () => {
      if (agent.proc.exitCode !== null) throw new Error(`agent exited:\n${agent.output()}`);
      const { status, body } = await api<{ dag_runs: { dag_run_id: string; state: string }[] }>(
        base,
        '/api/v1/dags/pg_state/dagRuns',
      );
      return status === 200 ? body.dag_runs : undefined;
    });
    expect(runs.map((r) => [r.dag_run_id, r.state])).toEqual([['manual_pg_1', 'success']]);
    const tis = await api<{ task_instances: { task_id: string; state: string }[] }>(
      base,
      '/api/v1/dags/pg_state/dagRuns/manual_pg_1/taskInstances',
    );
    expect(tis.body.task_instances.map((t) => [t.task_id, t.state])).toEqual([['hello', 'success']]);
    const variable = await api<{ value: string }>(base, '/api/v1/variables/target_host');
    expect(variable.body.value).toBe('10.0.0.7');
  });

  it('exits 1 naming host:port when PostgreSQL is unreachable at start', async () => {
    await using root = await tempDir('pg-state-url-');
    const port = await freePort();
    const started = Date.now();
    const r = await mwaaAgent(
      [
        'run',
        ...(await layout(root.path, 'state')),
        '--api-port',
        '0',
        '--state-url',
        `postgresql://mwaa@127.0.0.1:${port}/x`,
      ],
      ENV,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`PostgreSQL at 127.0.0.1:${port}/x is unreachable (ECONNREFUSED)`);
    expect(r.stderr).toContain('--state-url / MWAA_AGENT_STATE_URL');
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('refuses a database whose schema is newer than the agent, naming both versions', async () => {
    await using root = await tempDir('pg-state-url-');
    const name = `newer_${++databases}`;
    await server.createDatabase(name);
    await server.query(
      `CREATE TABLE mwaa_agent_schema (component text PRIMARY KEY, version integer NOT NULL,
         agent_version text NOT NULL, migrated_at timestamptz NOT NULL DEFAULT now())`,
      [],
      name,
    );
    await server.query("INSERT INTO mwaa_agent_schema VALUES ('state', 7, '9.1.0')", [], name);
    const r = await mwaaAgent(
      ['run', ...(await layout(root.path, 'state')), '--api-port', '0', '--state-url', server.url(name)],
      ENV,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `the state database at 127.0.0.1:${server.port}/${name} has schema version 7 (written by mwaa-agent 9.1.0); this mwaa-agent 0.1.0 knows versions up to ${PG_MIGRATIONS.length}`,
    );
    // Nothing was migrated down or over.
    expect(await server.query('SELECT version FROM mwaa_agent_schema', [], name)).toEqual([{ version: 7 }]);
  });

  it('refuses a database of an environment on another Airflow version, naming both versions', async () => {
    await using root = await tempDir('pg-state-url-');
    const url = await server.createDatabase(`airflow_${++databases}`);
    // The first agent on this database ran Airflow 2.10.3 and recorded it.
    new PgRunStore({ target: parseStateUrl(url), agentVersion: '0.1.0', airflowVersion: '2.10.3' }).close();
    const r = await mwaaAgent(
      [
        'run',
        ...(await layout(root.path, 'state')),
        '--api-port',
        '0',
        '--airflow-version',
        '3.0.6',
        '--state-url',
        url,
      ],
      ENV,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('belongs to an environment on Airflow 2.10.3; this agent runs Airflow 3.0.6');
  });

  it('says once that PostgreSQL was lost, keeps serving /health, and resumes scheduling by itself when it returns', async () => {
    await using root = await tempDir('pg-state-url-');
    const url = await server.createDatabase(`lost_${++databases}`);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const args = ['--airflow-version', '2.10.3', '--state-url', url, '--api-port', String(port)];
    await using agent = new AgentProcess([...(await layout(root.path, 'state')), ...args], ENV);
    await untilListed(agent, base);
    const said = (text: string) => agent.output().split(text).length - 1;
    // Lost while running (at start it is refused: the test above).
    await eventually('the agent started', async () => (said('mwaa-agent running') > 0 ? true : undefined));

    await server.pause();
    await eventually('the scheduler says the store is lost', async () => {
      if (agent.proc.exitCode !== null) throw new Error(`agent exited:\n${agent.output()}`);
      return said('Scheduling paused') > 0 ? true : undefined;
    }).catch((e: Error) => {
      throw new Error(`${e.message}\nagent output:\n${agent.output().slice(-3000)}`);
    });
    // Several more passes (one a second) while it stays lost: none says it again.
    await new Promise((r) => setTimeout(r, 4000));
    expect(agent.proc.exitCode).toBeNull();
    expect(said('Scheduling paused')).toBe(1);
    expect(
      agent
        .output()
        .split('\n')
        .filter((l) => l.includes('pass failed')),
    ).toEqual([]);
    expect(agent.output()).toContain(`PostgreSQL at 127.0.0.1:${server.port}/lost_${databases} is unreachable`);
    const health = await fetch(`${base}/health`, { signal: AbortSignal.timeout(5000) });
    expect(health.status).toBe(200);
    expect(((await health.json()) as { metadatabase: { status: string } }).metadatabase).toEqual({
      status: 'unhealthy',
    });

    await server.resume();
    await eventually('the scheduler resumes', async () => (said('Scheduling resumed') > 0 ? true : undefined));
    const trigger = await api(base, '/api/v1/dags/pg_state/dagRuns', {
      method: 'POST',
      body: JSON.stringify({ dag_run_id: 'after_the_outage' }),
    });
    expect(trigger.status).toBe(200);
    await eventually('after_the_outage succeeded', async () => {
      const { body } = await api<{ state: string }>(base, '/api/v1/dags/pg_state/dagRuns/after_the_outage');
      return body.state === 'success' ? true : undefined;
    });
    expect(said('Scheduling paused')).toBe(1);
    const after = (await (await fetch(`${base}/health`)).json()) as { metadatabase: { status: string } };
    expect(after.metadatabase).toEqual({ status: 'healthy' });
  });
});
