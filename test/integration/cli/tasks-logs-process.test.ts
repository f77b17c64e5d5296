import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type AgentOnFolder, startAgentOnFolder } from '../../../harness/agent-on-folder.js';
import { mwaaAgent } from '../../../harness/agent-process.js';
import { eventually } from '../../../harness/eventually.js';
import { tempDir, type TempDir } from '../../../harness/temp-dir.js';

/** One Bash task that logs, waits (so a follower starts while it runs), and logs again. */
const DAG = `from datetime import datetime
from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG(dag_id="logs_demo", start_date=datetime(2024, 1, 1), schedule=None, is_paused_upon_creation=False):
    BashOperator(task_id="greet", bash_command="echo first line; sleep 3; echo last line")
`;
const AIRFLOW_2 = '-c https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt\n';
const AIRFLOW_3 = '-c https://raw.githubusercontent.com/apache/airflow/constraints-3.3.1/constraints-3.12.txt\n';
const RUN_ID = 'manual__logs';

let dags: TempDir | undefined;
let agent: AgentOnFolder | undefined;
afterEach(async () => {
  await agent?.stop();
  await dags?.remove();
  agent = dags = undefined;
});

/** The running agent's folders, as a user's second terminal names them. */
function cliEnv(a: AgentOnFolder, dagsDir: string): NodeJS.ProcessEnv {
  return {
    MWAA_AGENT_STATE_DIR: a.stateDir,
    MWAA_AGENT_DAGS_DIR: dagsDir,
    MWAA_AGENT_REQUIREMENTS_DIR: dirname(a.requirementsFile),
  };
}

/** Starts the agent on the DAG, triggers RUN_ID and resolves once its task runs. */
async function runningTask(requirements: string): Promise<NodeJS.ProcessEnv> {
  dags = await tempDir('mwaa-tasks-logs-');
  await writeFile(join(dags.path, 'logs_demo.py'), DAG);
  agent = await startAgentOnFolder(dags.path, requirements);
  const env = cliEnv(agent, dags.path);
  const triggered = await mwaaAgent(['dags', 'trigger', 'logs_demo', '-r', RUN_ID], env);
  expect(triggered.code, triggered.stderr).toBe(0);
  await eventually('the task to run', async () => {
    const r = await mwaaAgent(['tasks', 'states-for-dag-run', 'logs_demo', RUN_ID, '-o', 'json'], env);
    return (JSON.parse(r.stdout || '[]') as { state: string }[])[0]?.state === 'running' ? true : undefined;
  });
  return env;
}

const logFile = (env: NodeJS.ProcessEnv) =>
  join(env.MWAA_AGENT_STATE_DIR!, 'logs/dag_id=logs_demo', `run_id=${RUN_ID}`, 'task_id=greet/attempt=1.log');

describe('mwaa-agent tasks logs as a process', () => {
  it('on Airflow 2.10: -f follows the running try to its end, and the log prints exactly as the file holds it', async () => {
    const env = await runningTask(AIRFLOW_2);
    const followed = await mwaaAgent(['tasks', 'logs', 'logs_demo', RUN_ID, 'greet', '-f'], env);
    expect(followed.code, followed.stderr).toBe(0);
    const lines = followed.stdout.trimEnd().split('\n');
    expect(lines.some((l) => / INFO - first line$/.test(l))).toBe(true);
    expect(lines.some((l) => / INFO - last line$/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes('Marking task as SUCCESS'))).toBe(true);
    // -f returned because the try ended: nothing is written after it.
    const file = await readFile(logFile(env), 'utf8');
    expect(followed.stdout).toBe(file);
    const printed = await mwaaAgent(['tasks', 'logs', 'logs_demo', RUN_ID, 'greet', '--try', '1'], env);
    expect(printed).toMatchObject({ code: 0, stdout: file });
  });

  it('on Airflow 3.3: prints the JSON-lines log as readable lines (--raw: as written), following to the end', async () => {
    const env = await runningTask(AIRFLOW_3);
    const followed = await mwaaAgent(['tasks', 'logs', 'logs_demo', RUN_ID, 'greet', '--follow'], env);
    expect(followed.code, followed.stderr).toBe(0);
    const lines = followed.stdout.trimEnd().split('\n');
    expect(lines.some((l) => /^\[\S+\] INFO - first line( |$)/.test(l))).toBe(true);
    expect(lines.some((l) => /^\[\S+\] INFO - last line( |$)/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith('{'))).toBe(false);
    const raw = await mwaaAgent(['tasks', 'logs', 'logs_demo', RUN_ID, 'greet', '--raw'], env);
    expect(raw.stdout).toBe(await readFile(logFile(env), 'utf8'));
    for (const line of raw.stdout.trimEnd().split('\n')) expect(JSON.parse(line)).toHaveProperty('event');
  });

  it('unknown DAG, run, task, try or map index: one line naming what exists, exit 2', async () => {
    const env = await runningTask(AIRFLOW_2);
    const cases: [string[], string][] = [
      [['nope', RUN_ID, 'greet'], "tasks logs: DAG nope has no runs in this state folder; DAGs with runs: 'logs_demo'"],
      [['logs_demo', 'nope', 'greet'], `tasks logs: DAG logs_demo has no run nope; its runs: '${RUN_ID}'`],
      [
        ['logs_demo', RUN_ID, 'nope'],
        `tasks logs: run ${RUN_ID} of DAG logs_demo has no task nope; its tasks: 'greet'`,
      ],
      [
        ['logs_demo', RUN_ID, 'greet', '--try', '2'],
        `tasks logs: task greet of run ${RUN_ID} of DAG logs_demo has no try 2; its tries: 1`,
      ],
      [['logs_demo', RUN_ID, 'greet', '--try', 'x'], 'tasks logs: --try must be an integer ≥ 1, got "x"'],
      [
        ['logs_demo', RUN_ID, 'greet', '--map-index', '0'],
        `tasks logs: task greet of run ${RUN_ID} is not mapped: leave out --map-index`,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await mwaaAgent(['tasks', 'logs', ...args], env);
      expect({ args, code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({
        args,
        code: 2,
        stderr: `${message}\n`,
        stdout: '',
      });
    }
  });
});
