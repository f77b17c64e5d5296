import { randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AgentProcess } from './agent-process.js';
import { eventually } from './eventually.js';
import { freePort } from './free-port.js';
import type { SshdServer } from './sshd.js';
import { tempDir } from './temp-dir.js';

/** The tasks of the cluster's DAG: one, three in parallel, one. */
export const CLUSTER_TASKS = ['fetch', 'left', 'middle', 'right', 'report'];
const DAG_ID = 'multi_agent';
const PASSWORD = 'agent-cluster';
const AUTH = { authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}` };

/** Each attempt appends a start and an end line to the ledger on the SSH host: run, task, try. */
const dagFile = (ledger: string, sleepS: number) => `from datetime import datetime, timedelta
from airflow import DAG
from airflow.providers.ssh.operators.ssh import SSHOperator

LINE = "{{ run_id }} {{ task.task_id }} {{ ti.try_number }}"

with DAG(
    "${DAG_ID}",
    schedule_interval=None,
    start_date=datetime(2022, 1, 1),
    catchup=False,
    max_active_runs=64,
    max_active_tasks=64,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=1)},
):
    def step(task_id):
        return SSHOperator(
            task_id=task_id,
            ssh_conn_id="ssh_target",
            command=f"echo start {LINE} >> ${ledger}; sleep ${sleepS}; echo end {LINE} >> ${ledger}",
        )

    fetch = step("fetch")
    report = step("report")
    fetch >> [step("left"), step("middle"), step("right")] >> report
`;

export interface ClusterAgent {
  agent: AgentProcess;
  /** The agent's API, http://127.0.0.1:port. */
  base: string;
}

export interface AgentCluster extends AsyncDisposable {
  /** The SSH host's file every attempt appends its `start|end run task try` lines to. */
  ledger: string;
  agents: ClusterAgent[];
}

export interface AgentClusterOptions {
  /** Agents to start. */
  count: number;
  /** `--state-url` they share; null: one agent on its SQLite state folder. */
  stateUrl: string | null;
  sshd: SshdServer;
  /** Seconds each task sleeps on the SSH host between its two ledger lines. */
  sleepS: number;
  env?: Record<string, string>;
}

/**
 * Built agents (dist/) running the 5-task SSH DAG against one sshd, each with its own DAG folder (the same
 * files, as each mirrors the bucket) and state folder; resolves once every agent's API lists the DAG.
 */
export async function startAgentCluster(o: AgentClusterOptions): Promise<AgentCluster> {
  const root = await tempDir('agent-cluster-');
  const ledger = join(root.path, 'ledger', 'commands.txt');
  await mkdir(join(root.path, 'ledger'));
  // sshd runs the commands as its user; the ledger folder is theirs to write.
  await chmod(join(root.path, 'ledger'), 0o777);
  await chmod(root.path, 0o755);
  const env = {
    MWAA_AGENT_API_PASSWORD: PASSWORD,
    MWAA_AGENT_DAGS_ARE_PAUSED_AT_CREATION: 'false',
    // Secrets in a shared database are encrypted with it: agents sharing one share the key.
    MWAA_AGENT_FERNET_KEY: `${randomBytes(32).toString('base64url')}=`,
    AIRFLOW_CONN_SSH_TARGET: JSON.stringify({
      conn_type: 'ssh',
      host: o.sshd.host,
      port: o.sshd.port,
      login: o.sshd.user,
      extra: { key_file: o.sshd.keys.rsaPem, no_host_key_check: true },
    }),
    ...o.env,
  };
  const agents: ClusterAgent[] = [];
  for (let i = 0; i < o.count; i++) {
    const dir = join(root.path, `agent-${i}`);
    await mkdir(join(dir, 'dags'), { recursive: true });
    await mkdir(join(dir, 'requirements'));
    await writeFile(join(dir, 'dags', `${DAG_ID}.py`), dagFile(ledger, o.sleepS));
    await copyFile(
      new URL('../infra/demo/requirements.txt', import.meta.url),
      join(dir, 'requirements', 'requirements.txt'),
    );
    const port = await freePort();
    const args = ['--dags-dir', join(dir, 'dags'), '--requirements-dir', join(dir, 'requirements')];
    args.push('--state-dir', join(dir, 'state'), '--api-port', String(port));
    if (o.stateUrl) args.push('--state-url', o.stateUrl);
    agents.push({ agent: new AgentProcess(args, env), base: `http://127.0.0.1:${port}` });
  }
  const cluster: AgentCluster = {
    ledger,
    agents,
    async [Symbol.asyncDispose]() {
      await Promise.all(agents.map(({ agent }) => agent.stop()));
      await root[Symbol.asyncDispose]();
    },
  };
  try {
    for (const { agent, base } of agents)
      await eventually(
        `${DAG_ID} listed`,
        async () => {
          if (agent.proc.exitCode !== null) throw new Error(`agent exited:\n${agent.output()}`);
          const { body } = await clusterApi<{ dags?: { dag_id: string }[] }>(base, '/api/v1/dags').catch(() => ({
            body: {} as { dags?: { dag_id: string }[] },
          }));
          return body.dags?.some((d) => d.dag_id === DAG_ID) ? true : undefined;
        },
        60_000,
      );
  } catch (e) {
    await cluster[Symbol.asyncDispose]();
    throw e;
  }
  return cluster;
}

/** A call to an agent's API as the cluster's admin. */
export async function clusterApi<T>(
  base: string,
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: T }> {
  const r = await fetch(base + path, {
    ...init,
    headers: { ...AUTH, 'content-type': 'application/json' },
    signal: AbortSignal.timeout(10_000),
  });
  return { status: r.status, body: (await r.json()) as T };
}

/**
 * Triggers `count` runs (`multi_000`, …, distinct logical dates), each through a randomly chosen agent's API,
 * all at once; the answers in run order.
 */
export async function triggerClusterRuns(
  cluster: AgentCluster,
  count: number,
): Promise<{ runId: string; status: number; body: unknown }[]> {
  const runIds = Array.from({ length: count }, (_, i) => `multi_${String(i).padStart(3, '0')}`);
  return Promise.all(
    runIds.map(async (runId, i) => {
      const { base } = cluster.agents[Math.floor(Math.random() * cluster.agents.length)]!;
      const { status, body } = await clusterApi(base, `/api/v1/dags/${DAG_ID}/dagRuns`, {
        method: 'POST',
        body: JSON.stringify({ dag_run_id: runId, logical_date: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString() }),
      });
      return { runId, status, body };
    }),
  );
}

/** The ledger's lines (`start|end run task try`), counted. */
export async function ledgerCounts(ledger: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const line of (await readFile(ledger, 'utf8')).split('\n').filter(Boolean))
    counts.set(line, (counts.get(line) ?? 0) + 1);
  return counts;
}
