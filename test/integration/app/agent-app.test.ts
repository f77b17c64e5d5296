import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { AgentApp, type ApiCredentials } from '../../../agent/app/agent-app.js';
import { resolveConfig } from '../../../agent/cli/config.js';
import { SystemClock } from '../../../agent/core/clock.js';
import { EventBus } from '../../../agent/core/events.js';
import { tempDir } from '../../../harness/temp-dir.js';

const DAG = `from datetime import datetime
from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG("wired", schedule=None, start_date=datetime(2024, 1, 1)):
    EmptyOperator(task_id="t")
`;

/** An AgentApp in local mode under `root`, its debug log kept as `{msg, stage}` records. */
function agentApp(root: string) {
  const records: { msg: string; stage?: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) records.push(JSON.parse(line));
      cb();
    },
  });
  const config = resolveConfig({
    flags: { dagsDir: 'dags', stateDir: 'state', requirementsDir: 'requirements', apiPort: 0 },
    env: {},
    cwd: root,
  });
  const credentials: ApiCredentials[] = [];
  const app = new AgentApp({
    config,
    env: {},
    clock: new SystemClock(),
    log: pino({ level: 'debug', base: null }, sink),
    events: new EventBus(),
    onApiCredentials: (c) => credentials.push(c),
  });
  return { app, records, credentials, released: () => records.filter((r) => r.msg === 'released').map((r) => r.stage) };
}

describe('AgentApp (wiring only)', () => {
  it('touches nothing before start(), then starts the stages and releases them in reverse order', async () => {
    await using root = await tempDir('agent-app-');
    const { app, records, credentials, released } = agentApp(root.path);
    expect(existsSync(join(root.path, 'state'))).toBe(false);
    expect(existsSync(join(root.path, 'dags'))).toBe(false);
    {
      await using running = app;
      await mkdir(join(root.path, 'dags'));
      await writeFile(join(root.path, 'dags', 'wired.py'), DAG);
      await running.start();
      expect(credentials).toEqual([
        expect.objectContaining({ user: 'admin', generated: true, file: join(root.path, 'state', 'api-password') }),
      ]);
      expect(running.registry.list().map((d) => d.dagId)).toEqual(['wired']);
      const health = await fetch(`${running.api.url}/health`);
      expect(health.status).toBe(200);
      expect(running.startup).toMatchObject({
        ready: true,
        phase: null,
        steps: {
          mirror: { status: 'skipped' },
          startup_script: { status: 'skipped' },
          requirements: { status: 'done' },
          dag_parse: { status: 'done', detail: '1 file read, 1 DAG' },
        },
        dag_files: { files_parsed: 1, files_total: 1 },
      });
      expect((await fetch(`${running.api.url}/mwaa-agent/ready`)).status).toBe(200);
      expect(records.some((r) => r.msg === 'released')).toBe(false);
    }
    await app.done;
    // The API listens right after the store opens, before the bucket, the startup script and the DAG folder
    // (nothing slow delays /health); the watchdog starts before the DAG folder is first read.
    // Without a bucket, three folders are watched: DAGs, requirements and plugins. The variable watch re-reads
    // the variables DAG files read at parse time.
    expect(released()).toEqual([
      'executor',
      'scheduler',
      'variable watch',
      'watcher',
      'watcher',
      'watcher',
      'watchdog',
      'routes',
      'ssh',
      'dag reader',
      'api',
      'secrets',
      'store',
      'database',
    ]);
  });

  it('releases only what it acquired when stopped while starting', async () => {
    await using root = await tempDir('agent-app-');
    const { app, released } = agentApp(root.path);
    const starting = app.start();
    await app.stop();
    await starting;
    const order = released();
    expect(order.at(-1)).toBe('database');
    expect(order).not.toContain('api');
  });
});
