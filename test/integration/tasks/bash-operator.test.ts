import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../agent/core/clock.js';
import { BashOperator } from '../../../agent/tasks/bash-operator.js';
import { testTask } from '../../../agent/tasks/test-task.js';
import { bashTask, makeDag, noConnections, P210 } from './executor-harness.js';

const agentEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', FROM_AGENT: 'agent-value' };

/** Runs a BashOperator task with `args` through `tasks test`; returns the output lines (messages only). */
async function runBash(args: Record<string, unknown>) {
  const dag = makeDag('bash_env', [bashTask('t', String(args.bash_command), { args })]);
  const lines: string[] = [];
  const result = await testTask({
    clock: new ManualClock('2024-01-01T00:00:00Z'),
    dag,
    taskId: 't',
    logicalDate: '2024-01-02T00:00:00Z',
    operators: [new BashOperator({ env: agentEnv })],
    connections: noConnections,
    profile: P210,
    dagsDir: tmpdir(),
    stateDir: tmpdir(),
    env: agentEnv,
    hostname: 'h',
    out: (l) => lines.push(l),
  });
  const messages = lines
    .join('')
    .split(/\n(?=\[)/)
    .map((l) => l.replace(/^\[[^\]]+\] \{[^}]+\} \w+ - /, '').replace(/\n$/, ''));
  return { result, messages };
}

describe('BashOperator environment and exit codes (Airflow rules)', () => {
  it('inherits the agent environment when env is not given, and exports AIRFLOW_CTX_*', async () => {
    const { messages } = await runBash({
      bash_command: 'echo "$FROM_AGENT $AIRFLOW_CTX_DAG_ID $AIRFLOW_CTX_TASK_ID $AIRFLOW_CTX_EXECUTION_DATE"',
    });
    expect(messages).toContain('agent-value bash_env t 2024-01-02T00:00:00+00:00');
  });

  it('replaces the environment with env, unless append_env is set', async () => {
    const replaced = await runBash({ bash_command: 'echo "[$FROM_AGENT] [$MINE]"', env: { MINE: 'm' } });
    expect(replaced.messages).toContain('[] [m]');
    const appended = await runBash({
      bash_command: 'echo "[$FROM_AGENT] [$MINE]"',
      env: { MINE: 'm' },
      append_env: true,
    });
    expect(appended.messages).toContain('[agent-value] [m]');
  });

  it('runs in cwd when given, in a fresh temporary folder otherwise', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'cwd-')));
    expect((await runBash({ bash_command: 'pwd', cwd: dir })).messages).toContain(dir);
    expect((await runBash({ bash_command: 'pwd' })).messages.some((m) => /\/airflowtmp\w+$/.test(m))).toBe(true);
    const missing = await runBash({ bash_command: 'pwd', cwd: join(dir, 'nope') });
    expect(missing.messages.join('\n')).toContain(
      `airflow.exceptions.AirflowException: Can not find the cwd: ${join(dir, 'nope')}`,
    );
  });

  it.each([
    [{ bash_command: 'exit 99' }, 'skipped'],
    [{ bash_command: 'exit 99', skip_on_exit_code: null }, 'failed'],
    [{ bash_command: 'exit 2', skip_on_exit_code: [2, 3] }, 'skipped'],
    [{ bash_command: 'exit 4' }, 'failed'],
    [{ bash_command: 'echo ok >&2' }, 'success'],
  ])('%j ends %s', async (args, state) => {
    expect((await runBash(args)).result.state).toBe(state);
  });

  it("logs stderr with stdout and fails a non-zero exit with Airflow's message", async () => {
    const { messages } = await runBash({ bash_command: 'echo to-stderr >&2; exit 4' });
    expect(messages).toContain('to-stderr');
    expect(messages).toContain('Command exited with return code 4');
    expect(messages.join('\n')).toContain(
      'airflow.exceptions.AirflowException: Bash command failed. The command returned a non-zero exit code 4.',
    );
  });
});
