import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentOnFolder, startAgentOnFolder } from '../../../harness/agent-on-folder.js';
import { eventually } from '../../../harness/eventually.js';

const constraints = (airflow: string, python: string) =>
  `-c https://raw.githubusercontent.com/apache/airflow/constraints-${airflow}/constraints-${python}.txt\n`;

describe('the API the environment serves follows the Airflow version of its requirements.txt', () => {
  let root: string;
  let agent: AgentOnFolder;
  const basic = () => `Basic ${Buffer.from(`${agent.user}:${agent.password}`).toString('base64')}`;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'mwaa-generation-'));
    agent = await startAgentOnFolder(root, constraints('2.10.3', '3.11'));
  });
  afterAll(async () => {
    await agent?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('serves /api/v1 with basic auth on 2.10.3, then /api/v2 with tokens once requirements.txt names 3.3.1', async () => {
    const v1 = await fetch(`${agent.url}/api/v1/version`, { headers: { authorization: basic() } });
    expect([v1.status, ((await v1.json()) as { version: string }).version]).toEqual([200, '2.10.3']);
    expect((await fetch(`${agent.url}/api/v2/version`)).status).toBe(404);
    expect((await fetch(`${agent.url}/auth/token`, { method: 'POST' })).status).toBe(404);

    await writeFile(agent.requirementsFile, constraints('3.3.1', '3.12'));
    const version = await eventually('/api/v2/version to answer 3.3.1', async () => {
      const r = await fetch(`${agent.url}/api/v2/version`);
      return r.ok ? ((await r.json()) as { version: string }).version : undefined;
    });
    expect(version).toBe('3.3.1');
    const removed = await fetch(`${agent.url}/api/v1/dags`, { headers: { authorization: basic() } });
    expect([removed.status, await removed.json()]).toEqual([
      404,
      { error: '/api/v1 has been removed in Airflow 3, please use its upgraded version /api/v2 instead.' },
    ]);
    const noToken = await fetch(`${agent.url}/api/v2/dags`, { headers: { authorization: basic() } });
    expect([noToken.status, await noToken.json()]).toEqual([401, { detail: 'Not authenticated' }]);
  });
});
