import { describe, expect, it } from 'vitest';
import type { ApiDeps } from '../../../agent/api/api-deps.js';
import { ApiServer } from '../../../agent/api/api-server.js';
import { listenEarly, STARTING_HEALTH } from '../../../agent/api/early-listener.js';
import { ManualClock } from '../../../agent/core/clock.js';
import { silentLogger } from '../../../agent/core/logger.js';
import { StartupProgress } from '../../../agent/core/startup-progress.js';

const AUTH = { authorization: `Basic ${Buffer.from('admin:pw').toString('base64')}` };

describe('the API socket bound before the agent loads (real HTTP on port 0)', () => {
  it('answers health, readiness and 503s itself, then hands every request to the API server without closing', async () => {
    const progress = new StartupProgress(new ManualClock('2024-01-01T00:00:00Z'));
    const socket = await listenEarly({
      host: '127.0.0.1',
      port: 0,
      startup: () => progress.report(),
      docsBase: 'https://docs.test/',
    });
    expect(socket).not.toBeNull();
    const { port } = socket!.address() as { port: number };
    const url = `http://127.0.0.1:${port}`;

    for (const path of ['/health', '/api/v1/health', '/api/v2/monitor/health']) {
      const r = await fetch(url + path);
      expect([path, r.status, await r.json()]).toEqual([path, 200, STARTING_HEALTH]);
    }
    const ready = await fetch(`${url}/mwaa-agent/ready`);
    expect([ready.status, ready.headers.get('retry-after')]).toEqual([503, '2']);
    expect(await ready.json()).toMatchObject({ ready: false, phase: null });
    const v1 = await fetch(`${url}/api/v1/dags`, { headers: AUTH });
    expect(v1.headers.get('content-type')).toBe('application/problem+json');
    expect(await v1.json()).toEqual({
      type: 'https://docs.test/Unknown',
      title: 'Service Unavailable',
      status: 503,
      detail:
        'mwaa-agent is starting (loading); the API answers once every DAG file is read. Retry after 2 s, or watch /mwaa-agent/ready',
    });
    const v2 = await fetch(`${url}/api/v2/dags`, { method: 'POST', body: '{"ignored": true}' });
    expect([v2.status, await v2.json()]).toEqual([503, { detail: expect.stringContaining('mwaa-agent is starting') }]);

    // Only what the routes registered here read: the health answer, the readiness gate and authentication.
    const deps = {
      clock: new ManualClock('2024-01-01T00:00:00Z'),
      dagsDir: '/dags',
      health: () => ({ healthy: true, heartbeat: null }),
      startup: () => progress.report(),
    } as unknown as ApiDeps;
    const api = new ApiServer({
      host: '127.0.0.1',
      port: 0,
      user: 'admin',
      password: 'pw',
      deps,
      log: silentLogger(),
      dagsArePausedAtCreation: () => true,
      generation: () => 'v1',
      airflowVersion: () => '2.10.3',
      server: socket!,
    });
    // fetch keeps its connection alive: a connection opened before the hand-over is served by the API server after.
    const before = await fetch(`${url}/health`);
    await before.text();
    await api.start();
    expect(api.url).toBe(url);
    const after = await fetch(`${url}/health`);
    expect(after.headers.get('x-frame-options')).toBe('DENY');
    expect(await after.json()).toEqual(STARTING_HEALTH);
    expect((await fetch(`${url}/api/v1/dags`)).status).toBe(401);
    const gated = await fetch(`${url}/api/v1/dags`, { headers: AUTH });
    expect([gated.status, gated.headers.get('retry-after')]).toEqual([503, '2']);
    expect(await gated.json()).toMatchObject({
      type: 'https://airflow.apache.org/docs/apache-airflow/2.10.3/stable-rest-api-ref.html#section/Errors/Unknown',
      title: 'Service Unavailable',
    });
    progress.markReady();
    expect((await fetch(`${url}/mwaa-agent/ready`)).status).toBe(200);
    await api.stop();
    expect(socket!.listening).toBe(false);
  });

  it('leaves a host name to the API server, which binds every address it resolves to', async () => {
    const progress = new StartupProgress(new ManualClock('2024-01-01T00:00:00Z'));
    const socket = await listenEarly({ host: 'localhost', port: 0, startup: () => progress.report(), docsBase: '' });
    expect(socket).toBeNull();
  });
});
