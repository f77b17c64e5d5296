import { execFileSync } from 'node:child_process';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { eventually } from '../../../harness/eventually.js';
import { dagWith, HostileAgent, RSS_BOUND_MB } from './hostile-harness.js';

const endpoint = inject('s3Endpoint');

/**
 * Whoever can write to the bucket must not be able to stop, flood or escape the agent (issue 21). One built
 * agent mirrors a LocalStack bucket; each case uploads its hostile input (they accumulate, as in a real
 * bucket), then checks the agent still answers /health within 1 s, still lists a valid DAG uploaded after
 * it, stays under the RSS bound, and changed nothing outside its folders. Budgets are set short
 * (dagbag_import_timeout 3 s, killed_task_cleanup_time 2 s) to keep the suite fast.
 */
const a = new HostileAgent(endpoint);
let outsideBefore: Record<string, string>;
let n = 0;

beforeAll(async () => {
  await a.start(endpoint, ['--dagbag-import-timeout', '3', '--killed-task-cleanup-time', '2']);
  outsideBefore = await a.outsideSnapshot();
}, 120_000);
afterAll(async () => {
  await a.stop();
});
beforeEach(() => a.watch());
afterEach(async (ctx) => {
  const listedMs = await a.validDagListed(`valid_after_${++n}`);
  const w = await a.stopWatching();
  // The figures the issue asks for, per case, in the test output.
  console.log(JSON.stringify({ case: ctx.task.name, ...w, validDagListedMs: listedMs }));
  expect(w.maxHealthMs, '/health answered within 1 s throughout').toBeLessThan(1_000);
  expect(w.peakRssMb, `RSS stayed under ${RSS_BOUND_MB} MB`).toBeLessThan(RSS_BOUND_MB);
  expect(await a.outsideSnapshot(), 'nothing outside the DAG folder changed').toEqual(outsideBefore);
});

function processesWith(marker: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', marker], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

async function trigger(dagId: string): Promise<string> {
  const run = await a.json<{ dag_run_id: string }>(`/api/v1/dags/${dagId}/dagRuns`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  return run.dag_run_id;
}

async function finished(dagId: string, runId: string, withinMs = 120_000): Promise<string> {
  return eventually(
    `run ${runId} of ${dagId} to finish`,
    async () => {
      const run = await a.json<{ state: string }>(`/api/v1/dags/${dagId}/dagRuns/${encodeURIComponent(runId)}`);
      return ['success', 'failed'].includes(run.state) ? run.state : undefined;
    },
    withinMs,
    250,
  );
}

async function dagListed(id: string): Promise<void> {
  await eventually(`DAG ${id}`, async () => ((await a.api(`/api/v1/dags/${id}`)).ok ? true : undefined), 30_000, 200);
}

describe('hostile input through the bucket', () => {
  it('a task printing 300 MB and a 200 MB line: the log is capped, and its endpoints page and stream', async () => {
    await a.upload(
      'loud.py',
      dagWith(
        'loud',
        'start_date=datetime(2024, 1, 1), schedule=None',
        `    BashOperator(task_id="t", bash_command="yes $(printf 'x%.0s' $(seq 99)) | head -c 300000000; head -c 200000000 /dev/zero | tr '\\\\0' y; echo; echo done")`,
      ),
    );
    await dagListed('loud');
    const runId = await trigger('loud');
    expect(await finished('loud', runId)).toBe('success');
    const path = `/api/v1/dags/loud/dagRuns/${encodeURIComponent(runId)}/taskInstances/t/logs/1`;
    const page = await a.json<{ content: string; continuation_token: string }>(path);
    expect(page.content.length).toBeLessThan(3 * 1024 * 1024);
    const text = await a.api(path, { headers: { accept: 'text/plain' } });
    let bytes = 0;
    let tail = '';
    for await (const chunk of text.body!) {
      bytes += (chunk as Uint8Array).length;
      tail = (tail + Buffer.from(chunk as Uint8Array).toString()).slice(-4000);
    }
    expect(bytes).toBeLessThan(110 * 1024 * 1024);
    expect(tail).toMatch(
      /WARNING - … truncated \d+ bytes \(\d+ lines\) of task output: the output of one attempt is capped at 104857600 bytes \(--task-log-max-bytes\)/,
    );
    expect(tail).toContain('Marking task as SUCCESS.');
  });

  it('a Bash task trapping SIGTERM with setsid and nohup children: every process ends after the grace period', async () => {
    const marker = '779.0421';
    await a.upload(
      'stubborn.py',
      dagWith(
        'stubborn',
        'start_date=datetime(2024, 1, 1), schedule=None',
        `    BashOperator(task_id="t", execution_timeout=timedelta(seconds=2), bash_command="""trap '' TERM
(setsid sleep ${marker} > /dev/null 2>&1 &)
nohup sleep ${marker} > /dev/null 2>&1 &
sleep ${marker}""")`,
      ),
    );
    await dagListed('stubborn');
    const runId = await trigger('stubborn');
    expect(await finished('stubborn', runId, 60_000)).toBe('failed');
    expect(processesWith(marker)).toEqual([]);
  });

  it('a symlink in the DAG folder to another folder: nothing is written or deleted through it', async () => {
    await symlink(a.outside, join(a.dagsDir, 'evil'));
    await a.upload('evil/pwn.py', 'pwned');
    await a.upload('evil/keep.txt', 'overwritten');
    await eventually('the WARN', () => (a.agent.output().includes('rule symlinked-folder') ? true : undefined));
    await a.remove('evil/keep.txt');
    expect(a.agent.output().match(/rule symlinked-folder/g)).toHaveLength(1);
  });

  it('keys with control or bidirectional-override characters are refused with one WARN each', async () => {
    await a.upload('invoice_\u202egnp.py', 'x');
    await a.upload('bell\u0007.py', 'x');
    await eventually('the WARNs', () =>
      a.agent.output().includes('rule bidi-control') && a.agent.output().includes('rule control-character')
        ? true
        : undefined,
    );
  });

  it('a start_date in year 9999 keeps the DAG list answering; year 10000 is refused as Python refuses it', async () => {
    await a.upload(
      'far.py',
      dagWith('far', 'start_date=datetime(9999, 12, 31), schedule="@daily"', '    EmptyOperator(task_id="t")'),
    );
    await a.upload(
      'farther.py',
      dagWith('farther', 'start_date=datetime(10000, 1, 1), schedule="@daily"', '    EmptyOperator(task_id="t")'),
    );
    await dagListed('far');
    expect((await a.api('/api/v1/dags?limit=1000')).status).toBe(200);
    expect(await a.importError('farther.py')).toContain('ValueError: year 10000 is out of range');
  });

  it("10,000 nested brackets give CPython's error, a file over the size limit and a runaway loop a clear one", async () => {
    await a.upload('nest.py', `from airflow import DAG\nx = ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
    await a.upload(
      'huge.py',
      Buffer.concat([
        Buffer.from('from airflow import DAG\nx = """'),
        Buffer.alloc(50 * 1024 * 1024, 'a'),
        Buffer.from('"""\n'),
      ]),
    );
    await a.upload('spin.py', 'from airflow import DAG\nx = [i for i in range(100000) for j in range(100000)]\n');
    expect(await a.importError('nest.py')).toContain('SyntaxError: too many nested parentheses (nest.py, line 2)');
    expect(await a.importError('huge.py')).toMatch(
      /huge\.py is 52428\d+ bytes, more than the 10485760 bytes mwaa-agent reads of one DAG file/,
    );
    expect(await a.importError('spin.py')).toMatch(
      /^AirflowTaskTimeout: DagBag import timeout for .*spin\.py after 3\.0s\./,
    );
  });

  it('after hostile files, a deleted DAG stops getting runs and catch-up from year 1 comes in batches', async () => {
    await a.upload(
      'year1.py',
      dagWith('year1', 'start_date=datetime(1, 1, 1), schedule="@daily"', '    EmptyOperator(task_id="t")'),
    );
    await a.upload(
      'busy.py',
      dagWith(
        'busy',
        'start_date=datetime(2024, 1, 1), schedule=timedelta(seconds=1), catchup=False',
        '    EmptyOperator(task_id="t")',
      ),
    );
    await dagListed('busy');
    await eventually('busy to get runs', async () => {
      const { total_entries } = await a.json<{ total_entries: number }>('/api/v1/dags/busy/dagRuns');
      return total_entries > 0 ? true : undefined;
    });
    await a.remove('busy.py');
    await eventually('busy to be deactivated', async () => {
      const r = await a.api('/api/v1/dags/busy');
      return r.status === 404 || ((await r.json()) as { is_active: boolean }).is_active === false ? true : undefined;
    });
    const count = async () => (await a.json<{ total_entries: number }>('/api/v1/dags/busy/dagRuns')).total_entries;
    const before = await count();
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await count()).toBeLessThanOrEqual(before + 1);
  });

  it('a cron that never fires (31 February): the DAG is listed without a next run, said once, and the agent restarts with it', async () => {
    const start = a.agent.output().length;
    await a.upload(
      'never.py',
      dagWith(
        'never',
        'start_date=datetime(2024, 1, 1), schedule="0 0 31 2 *", catchup=True',
        '    EmptyOperator(task_id="t")',
      ),
    );
    await dagListed('never');
    const dag = await a.json<{ next_dagrun: string | null; timetable_description: string }>('/api/v1/dags/never');
    expect(dag.next_dagrun).toBeNull();
    await eventually('the reason in the log', async () =>
      a.agent.output().slice(start).includes("for DAG 'never'") ? true : undefined,
    );
    await new Promise((r) => setTimeout(r, 2_000));
    const said = a.agent
      .output()
      .slice(start)
      .split('\n')
      .filter((l) => l.includes('Failed to fetch run info') && l.includes("'never'"));
    expect(said, said.join('\n')).toHaveLength(1);
    expect(said[0]).toContain('has no time within 50 years');
    // Before the fix, an agent restarted with this file present never started listening.
    await a.stopWatching();
    await a.restart();
    a.watch();
    await dagListed('never');
  });

  it('schedules every microsecond and every millisecond: the log says so once, then counts', async () => {
    const start = a.agent.output().length;
    await a.upload(
      'micro.py',
      dagWith(
        'micro',
        'start_date=datetime(2024, 1, 1), schedule=timedelta(microseconds=1)',
        '    EmptyOperator(task_id="t")',
      ),
    );
    await a.upload(
      'milli.py',
      dagWith(
        'milli',
        'start_date=datetime(2024, 1, 1), schedule=timedelta(milliseconds=1)',
        '    EmptyOperator(task_id="t")',
      ),
    );
    await dagListed('milli');
    await new Promise((r) => setTimeout(r, 8_000));
    const lines = a.agent.output().slice(start).split('\n');
    expect(lines.filter((l) => l.includes('"dagId":"micro"'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('"dagId":"milli"')).length).toBeLessThan(60);
    await a.remove('milli.py');
  });

  it('refuses cross-site state changes and prototype keys, frames and a logged password', async () => {
    const cross = await a.api('/api/v1/dags/loud/dagRuns', {
      method: 'POST',
      headers: { origin: 'http://evil.example' },
    });
    expect(cross.status).toBe(403);
    const proto = await a.api('/api/v1/dags/loud/dagRuns', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"__proto__": {"polluted": true}}',
    });
    expect(proto.status).toBe(400);
    const ui = await a.api('/');
    expect(ui.headers.get('x-frame-options')).toBe('DENY');
    expect(ui.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect((await a.api('/api/v1/dags/loud/dagRuns/x/taskInstances/t/logs/1e3')).status).toBe(404);
    expect(a.agent.output()).not.toContain(a.password);
  });
});
