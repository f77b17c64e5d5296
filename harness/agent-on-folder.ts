import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentProcess, assertBuilt } from './agent-process.js';
import { eventually } from './eventually.js';
import { freePort } from './free-port.js';

/** A built `mwaa-agent run` in local mode on a DAG folder, with its own requirements and state folders. */
export interface AgentOnFolder {
  url: string;
  user: string;
  password: string;
  stateDir: string;
  /** The requirements.txt the agent reads (rewrite it to change the Airflow version while it runs). */
  requirementsFile: string;
  agent: AgentProcess;
  /** The JWT secret the agent generated in its state folder. */
  jwtSecret(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts the agent on `dagsDir` with `requirements` as its requirements.txt (a constraints line picks the Airflow
 * version it behaves as) and resolves once it is ready (`/mwaa-agent/ready`: the DAG folder read, every endpoint
 * served; /health answers long before).
 */
export async function startAgentOnFolder(dagsDir: string, requirements: string): Promise<AgentOnFolder> {
  assertBuilt();
  const root = await mkdtemp(join(tmpdir(), 'mwaa-agent-folder-'));
  const reqDir = join(root, 'requirements');
  const stateDir = join(root, 'state');
  await mkdir(reqDir);
  await writeFile(join(reqDir, 'requirements.txt'), requirements);
  const port = await freePort();
  const user = 'admin';
  const password = 'agent-test-pass';
  const agent = new AgentProcess(
    ['--dags-dir', dagsDir, '--requirements-dir', reqDir, '--state-dir', stateDir, '--api-host', '127.0.0.1'],
    { MWAA_AGENT_API_PORT: String(port), MWAA_AGENT_API_USER: user, MWAA_AGENT_API_PASSWORD: password },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await agent.stop();
    await rm(root, { recursive: true, force: true });
  };
  try {
    await eventually(
      `the agent's API on ${url}`,
      async () => {
        if (agent.proc.exitCode !== null) throw new Error(`agent exited with ${agent.proc.exitCode}`);
        return (await fetch(`${url}/mwaa-agent/ready`)).ok ? true : undefined;
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
    stateDir,
    requirementsFile: join(reqDir, 'requirements.txt'),
    agent,
    jwtSecret: async () => (await readFile(join(stateDir, 'jwt-secret'), 'utf8')).trim(),
    stop,
  };
}
