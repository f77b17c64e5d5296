import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConstraintsCache } from '../../../agent/requirements/constraints-cache.js';
import { ConstraintsFetcher } from '../../../agent/requirements/constraints-fetcher.js';
import { loadRequirementsVerdict } from '../../../agent/requirements/requirements-verdict-loader.js';

/** A real HTTP server on 127.0.0.1:0 stands in for raw.githubusercontent.com; the fetcher is pointed at it. */
const CONSTRAINTS =
  '# This constraints file was automatically generated for "constraints-2.2.2"\napache-airflow-providers-ssh==2.3.0\nparamiko==2.8.0\nrequests==2.26.0\n';
let server: Server;
let base: string;
let dir: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/apache/airflow/constraints-2.2.2/constraints-3.7.txt') res.end(CONSTRAINTS);
    else if (req.url === '/private/constraints-2.2.2/constraints-3.7.txt') {
      res.statusCode =
        req.headers.authorization === `Basic ${Buffer.from('user:pa55word').toString('base64')}` ? 200 : 401;
      res.end(res.statusCode === 200 ? CONSTRAINTS : 'denied');
    } else if (req.url === '/html') res.end('<!DOCTYPE html><html>login</html>');
    else if (req.url === '/slow') setTimeout(() => res.end(CONSTRAINTS), 5_000).unref();
    else if (req.url === '/huge') res.end('a==1\n'.repeat(300_000));
    else {
      res.statusCode = 404;
      res.end('404: Not Found');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'mwaa-req-'));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

function fetcher(stateDir: string, timeoutMs = 2_000) {
  return new ConstraintsFetcher({
    cache: new ConstraintsCache({ stateDir }),
    fetch: globalThis.fetch,
    timeoutMs,
    maxBytes: 1024 * 1024,
  });
}

describe('fetching constraints over HTTP', () => {
  it('caches a fetched file, and the offline check then uses all of its pins', async () => {
    const state = join(dir, 'state-ok');
    const url = `${base}/apache/airflow/constraints-2.2.2/constraints-3.7.txt`;
    const req = join(dir, 'req-ok', 'requirements.txt');
    mkdirSync(join(dir, 'req-ok'));
    writeFileSync(req, `-c ${url}\nrequests==2.0.0\napache-airflow-providers-ssh\n`);
    // Before the fetch only the shipped pins are known: requests is not checked.
    expect(loadRequirementsVerdict({ requirementsFile: req, dagsDir: dir, stateDir: state }).ok).toBe(true);
    const outcome = await fetcher(state).fetch(url);
    expect(outcome.ok).toBe(true);
    const v = loadRequirementsVerdict({ requirementsFile: req, dagsDir: dir, stateDir: state });
    expect(v.ok).toBe(false);
    expect(v.diagnostics[0]!.message).toContain('The user requested (constraint) requests==2.26.0');
    // pip fails as a whole, so nothing is installed: no ssh provider either.
    expect(v.sshProviderVersion).toBeNull();
  });

  it.each([
    ['/missing.txt', /HTTP 404/],
    ['/html', /not a constraints file \(the response is HTML/],
    ['/huge', /larger than 1048576 bytes/],
  ])('refuses %s and caches nothing', async (path, reason) => {
    const state = join(dir, `state-${path.slice(1)}`);
    const outcome = await fetcher(state).fetch(`${base}${path}`);
    expect(outcome).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
    expect(new ConstraintsCache({ stateDir: state }).read(`${base}${path}`)).toBeNull();
  });

  it('sends user:password from the URL as Basic auth, as pip does', async () => {
    const state = join(dir, 'state-auth');
    const url = `http://user:pa55word@${base.slice('http://'.length)}/private/constraints-2.2.2/constraints-3.7.txt`;
    expect(await fetcher(state).fetch(url)).toMatchObject({ ok: true });
    expect(new ConstraintsCache({ stateDir: state }).read(url)?.pins.get('requests')).toBe('2.26.0');
  });

  it('gives up after its timeout', async () => {
    const outcome = await fetcher(join(dir, 'state-slow'), 300).fetch(`${base}/slow`);
    expect(outcome).toEqual({ ok: false, reason: `${base}/slow: no answer within 300 ms` });
  });

  it('reports an unreachable server without throwing, and never shows credentials', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const outcome = await fetcher(join(dir, 'state-closed')).fetch(`http://user:pa55word@127.0.0.1:${port}/c.txt`);
    expect(outcome.ok).toBe(false);
    expect(JSON.stringify(outcome)).not.toContain('pa55word');
  });
});
