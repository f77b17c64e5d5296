import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentOnFolder, startAgentOnFolder } from '../../../harness/agent-on-folder.js';
import { eventually } from '../../../harness/eventually.js';

const DAG = `from datetime import datetime
from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG(dag_id="hostile_input", start_date=datetime(2024, 1, 1), schedule=None):
    EmptyOperator(task_id="t")
`;

describe('/api/v2 under bad input: Airflow 3 status codes and texts, no crash, no secret in any answer', () => {
  let root: string;
  let agent: AgentOnFolder;
  let token: string;
  const call = async (method: string, path: string, body?: string, headers: Record<string, string> = {}) => {
    const r = await fetch(agent.url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body,
    });
    const text = await r.text();
    return { status: r.status, type: r.headers.get('content-type') ?? '', text };
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'mwaa-v2-bad-'));
    await writeFile(join(root, 'd.py'), DAG);
    agent = await startAgentOnFolder(
      root,
      '-c https://raw.githubusercontent.com/apache/airflow/constraints-3.3.1/constraints-3.12.txt\n',
    );
    const r = await fetch(`${agent.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: agent.user, password: agent.password }),
    });
    token = ((await r.json()) as { access_token: string }).access_token;
    // The agent answers /health before its first parse: the tests below need the DAG read.
    await eventually('the DAG hostile_input read', async () =>
      (await call('GET', '/api/v2/dags/hostile_input')).status === 200 ? true : undefined,
    );
  });
  afterAll(async () => {
    await agent?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('refuses a body over 1 MiB with 413 and a JSON detail, and keeps serving', async () => {
    const huge = JSON.stringify({ key: 'big', value: 'x'.repeat(2 * 1024 * 1024) });
    const r = await call('POST', '/api/v2/variables', huge);
    expect([r.status, r.type, JSON.parse(r.text)]).toEqual([
      413,
      'application/json; charset=utf-8',
      { detail: 'Request body is larger than 1048576 bytes' },
    ]);
    expect((await call('GET', '/api/v2/variables/big')).status).toBe(404);
    expect((await fetch(`${agent.url}/api/v2/monitor/health`)).status).toBe(200);
  });

  it('answers JSON nested far past any stack with a 4xx, without crashing', async () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    const broken = '{"key": "k", "value": ' + '['.repeat(200_000);
    for (const body of [deep, broken, `{"key": "k", "value": ${deep}}`]) {
      const r = await call('POST', '/api/v2/variables', body);
      expect(r.status, r.text.slice(0, 200)).toBeGreaterThanOrEqual(400);
      expect(r.status, r.text.slice(0, 200)).toBeLessThan(500);
      expect(r.type).toContain('application/json');
    }
    expect((await fetch(`${agent.url}/api/v2/monitor/health`)).status).toBe(200);
  });

  it('refuses __proto__ and constructor keys as unknown fields (422 extra_forbidden) and pollutes nothing', async () => {
    const r = await call('PATCH', '/api/v2/dags/hostile_input', '{"is_paused": false, "__proto__": {"polluted": 1}}');
    expect(r.status).toBe(422);
    expect(JSON.parse(r.text)).toEqual({
      detail: [
        {
          type: 'extra_forbidden',
          loc: ['body', '__proto__'],
          msg: 'Extra inputs are not permitted',
          input: { polluted: 1 },
        },
      ],
    });
    const dag = await call('GET', '/api/v2/dags/hostile_input');
    expect(JSON.parse(dag.text)).toMatchObject({ is_paused: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads negative, non-integer and huge pagination as FastAPI does', async () => {
    const answers = await Promise.all(
      ['limit=-1', 'offset=-5', 'limit=1.5', 'limit=1e3', `limit=${'9'.repeat(40)}`, `offset=${'9'.repeat(40)}`].map(
        async (q) => {
          const r = await call('GET', `/api/v2/dags?${q}`);
          const body = JSON.parse(r.text) as { detail?: { type: string }[]; dags?: unknown[] };
          return [q, r.status, body.detail?.[0]?.type ?? body.dags?.length];
        },
      ),
    );
    expect(answers).toEqual([
      ['limit=-1', 422, 'greater_than_equal'],
      ['offset=-5', 422, 'greater_than_equal'],
      ['limit=1.5', 422, 'int_parsing'],
      ['limit=1e3', 422, 'int_parsing'],
      [`limit=${'9'.repeat(40)}`, 200, 1],
      [`offset=${'9'.repeat(40)}`, 200, 0],
    ]);
  });

  it('never shows a stored password, the JWT secret or the API password in an answer', async () => {
    const secret = (await readFile(join(agent.stateDir, 'jwt-secret'), 'utf8')).trim();
    const created = await call(
      'POST',
      '/api/v2/connections',
      JSON.stringify({
        connection_id: 'db',
        conn_type: 'generic',
        password: 'hunter2-secret',
        extra: '{"token": "t0k3n-secret"}',
      }),
    );
    const answers = [
      created,
      await call('GET', '/api/v2/connections'),
      await call('GET', '/api/v2/connections/db'),
      await call(
        'PATCH',
        '/api/v2/connections/db',
        JSON.stringify({ connection_id: 'db', conn_type: 'generic', password: '***' }),
      ),
      await call('POST', '/auth/token', JSON.stringify({ username: agent.user, password: 'wrong' })),
      await call('GET', '/api/v2/dags', undefined, { authorization: `Bearer ${token.slice(0, -2)}xx` }),
    ].map((a) => a.text);
    for (const text of answers)
      for (const leak of ['hunter2-secret', 't0k3n-secret', secret, agent.password]) expect(text).not.toContain(leak);
    expect(JSON.parse(answers[2]!)).toMatchObject({ password: '***', extra: '{"token": "***"}' });
  });
});
