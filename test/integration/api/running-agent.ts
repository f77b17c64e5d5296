import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AgentProcess, assertBuilt } from '../../../harness/agent-process.js';
import { eventually } from '../../../harness/eventually.js';
import { startSshd, type SshdServer } from '../../../harness/sshd.js';
import { freePort } from '../../../harness/free-port.js';

const REPO = resolve(new URL('../../..', import.meta.url).pathname);
export const DEMO_DAG = join(REPO, 'infra/demo/ssh.py');
export const DEMO_REQUIREMENTS = join(REPO, 'infra/demo/requirements.txt');
export const GUIDE_DAG_ID = 'ssh_operator_example';
export const GUIDE_KEY_FILE = '/usr/local/airflow/dags/your-secret-key.pem';

export interface RunningAgentOptions {
  /** Write the guide's requirements.txt (with apache-airflow-providers-ssh); false keeps only the constraints line. */
  sshProvider: boolean;
  /** Extra DAG files to drop in the DAG folder before start, by name. */
  extraDags?: Record<string, string>;
  /** requirements.txt instead of the guide's (which pins Airflow 2.2.2's constraints). */
  requirements?: string;
}

/** A built `mwaa-agent run` in local mode on temp folders, beside a real OpenSSH sshd, on loopback. */
export interface RunningAgent {
  url: string;
  user: string;
  password: string;
  authHeader: string;
  dagsDir: string;
  stateDir: string;
  sshd: SshdServer;
  agent: AgentProcess;
  /** Basic-auth fetch under the agent's URL. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** JSON body in, parsed JSON out (with the status), authenticated. */
  json<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

/**
 * Starts sshd, lays out the guide's DAG folder (ssh.py and the sshd's RSA key as your-secret-key.pem, which the
 * agent maps from /usr/local/airflow/dags/) and requirements folder, then the agent; resolves once the API
 * answers and has parsed ssh.py (as a DAG, or as a Broken DAG without the provider).
 */
export async function startRunningAgent(opts: RunningAgentOptions): Promise<RunningAgent> {
  assertBuilt();
  const root = await mkdtemp(join(tmpdir(), 'mwaa-api-'));
  const dagsDir = join(root, 'dags');
  const reqDir = join(root, 'requirements');
  const stateDir = join(root, 'state');
  await Promise.all([mkdir(dagsDir), mkdir(reqDir)]);
  await copyFile(DEMO_DAG, join(dagsDir, 'ssh.py'));
  for (const [name, text] of Object.entries(opts.extraDags ?? {})) await writeFile(join(dagsDir, name), text);
  const requirements = await readFile(DEMO_REQUIREMENTS, 'utf8');
  await writeFile(
    join(reqDir, 'requirements.txt'),
    opts.requirements !== undefined
      ? opts.requirements
      : opts.sshProvider
        ? requirements
        : requirements
            .split('\n')
            .filter((l) => l.startsWith('-c'))
            .join('\n') + '\n',
  );
  const sshd = await startSshd();
  try {
    await copyFile(sshd.keys.rsaPem, join(dagsDir, 'your-secret-key.pem'));
  } catch (e) {
    await sshd.stop();
    throw e;
  }

  const port = await freePort();
  const user = 'admin';
  const password = 'test-pass:with-colon';
  const agent = new AgentProcess(
    [
      '--dags-dir',
      dagsDir,
      '--requirements-dir',
      reqDir,
      '--state-dir',
      stateDir,
      '--api-host',
      '127.0.0.1',
      '--api-port',
      String(port),
      '--log-level',
      'info',
    ],
    { MWAA_AGENT_API_USER: user, MWAA_AGENT_API_PASSWORD: password },
  );
  const url = `http://127.0.0.1:${port}`;
  const authHeader = 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
  const authFetch = (path: string, init: RequestInit = {}) =>
    fetch(url + path, {
      ...init,
      headers: { authorization: authHeader, ...(init.headers as Record<string, string> | undefined) },
    });
  const stop = async () => {
    await agent.stop();
    await sshd.stop();
    await rm(root, { recursive: true, force: true });
  };
  try {
    // Without the provider ssh.py is a Broken DAG (No module named 'airflow.providers.ssh'): wait for that instead.
    const ready = opts.sshProvider ? `${GUIDE_DAG_ID} listed` : 'the Broken DAG for ssh.py';
    await eventually(
      `the agent's API on ${url} with ${ready}`,
      async () => {
        if (agent.proc.exitCode !== null)
          throw new Error(`agent exited with ${agent.proc.exitCode}:\n${agent.output()}`);
        if (!opts.sshProvider) {
          const body = (await (await authFetch('/api/v1/importErrors')).json()) as {
            import_errors?: { filename: string }[];
          };
          return body.import_errors?.some((e) => e.filename.endsWith('/ssh.py')) ? true : undefined;
        }
        const body = (await (await authFetch('/api/v1/dags')).json()) as { dags?: { dag_id: string }[] };
        return body.dags?.some((d) => d.dag_id === GUIDE_DAG_ID) ? true : undefined;
      },
      30_000,
    );
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n--- agent output ---\n${agent.output()}`);
  }
  return {
    url,
    user,
    password,
    authHeader,
    dagsDir,
    stateDir,
    sshd,
    agent,
    fetch: authFetch,
    json: async <T>(method: string, path: string, body?: unknown) => {
      const r = await authFetch(path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await r.text();
      return { status: r.status, body: (text ? JSON.parse(text) : null) as T };
    },
    stop,
  };
}

/** The guide's `ssh_new` connection, pointed at the test sshd, in the REST API's shape. */
export function guideConnection(sshd: SshdServer): Record<string, unknown> {
  return {
    connection_id: 'ssh_new',
    conn_type: 'ssh',
    host: sshd.host,
    login: sshd.user,
    port: sshd.port,
    extra: JSON.stringify({ key_file: GUIDE_KEY_FILE }),
  };
}
