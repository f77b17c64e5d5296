import { SignatureV4 } from '@smithy/signature-v4';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../agent/core/clock.js';
import { EventBus } from '../../../agent/core/events.js';
import { silentLogger } from '../../../agent/core/logger.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../../agent/cli/config.js';
import { Sha256 } from '../../../agent/mwaa-api/hash-constructor.js';
import { MwaaControlPlane } from '../../../agent/mwaa-api/mwaa-control-plane.js';

/**
 * What depends on time, on a real HTTP listener with a manual clock: CLI tokens expire after MWAA's 60
 * seconds, and a signature more than 15 minutes from the server's clock is refused with AWS's text.
 */
describe('the MWAA API over time', () => {
  let plane: MwaaControlPlane | null = null;
  let dir: string | null = null;
  let clock = new ManualClock('2026-12-07T12:00:00Z');

  afterEach(async () => {
    await plane?.stop();
    plane = null;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function start(): Promise<MwaaControlPlane> {
    clock = new ManualClock('2026-12-07T12:00:00Z');
    plane = new MwaaControlPlane({
      config: {
        ...resolveConfig({ flags: {}, env: {}, cwd: (dir = mkdtempSync(join(tmpdir(), 'mwaa-clock-'))) }),
        mwaaApiPort: 0,
      },
      env: { AWS_ACCESS_KEY_ID: 'AKIDLOCAL', AWS_SECRET_ACCESS_KEY: 'local-secret' },
      clock,
      log: silentLogger(),
      events: new EventBus(),
      cli: [process.execPath, '/nonexistent'],
    });
    await plane.start();
    return plane;
  }

  it('refuses a CLI token after 60 seconds with a 403 that says it expired', async () => {
    const p = await start();
    const token = p.tokens.issue({ environment: 'Env', kind: 'cli' });
    const post = () =>
      fetch(`${p.api.url}/aws_mwaa/cli`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: 'dags list',
      });
    clock.advance(59_000);
    // Valid, but no environment runs: 503 names it.
    expect((await post()).status).toBe(503);
    clock.advance(2_000);
    const expired = await post();
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as { message: string }).message).toBe(
      'The CLI token has expired (tokens are valid for 60 seconds): create a new one with CreateCliToken',
    );
  });

  it('refuses a signature dated more than 15 minutes before the server clock', async () => {
    const p = await start();
    const url = new URL(p.api.url);
    const signer = new SignatureV4({
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' },
      region: 'us-east-1',
      service: 'airflow',
      sha256: Sha256,
      applyChecksum: false,
    });
    const send = async (signingDate: Date) => {
      const req = await signer.sign(
        {
          method: 'GET',
          protocol: 'http:',
          hostname: url.hostname,
          path: '/environments',
          query: {},
          headers: { host: url.host },
        },
        { signingDate },
      );
      return fetch(`${p.api.url}/environments`, { headers: req.headers });
    };
    expect((await send(new Date(clock.now().getTime() - 14 * 60_000))).status).toBe(200);
    const late = await send(new Date(clock.now().getTime() - 16 * 60_000));
    expect(late.status).toBe(403);
    expect(late.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    expect(((await late.json()) as { message: string }).message).toBe(
      'Signature expired: 20261207T114400Z is now earlier than 20261207T114500Z (20261207T120000Z - 15 min.)',
    );
  });
});
