import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../agent/core/clock.js';
import type { DiscoveredFile } from '../../../agent/dags/dag-discovery.js';
import { parseDiscoveredFile } from '../../../agent/dags/dag-folder-parser.js';
import { startParseThread } from '../../../agent/dags/parse-thread.js';
import { WorkerDagParser } from '../../../agent/dags/worker-dag-parser.js';

const CORPUS = new URL('../../fixtures/dags/corpus/', import.meta.url).pathname;
const CORPUS_3 = new URL('../../fixtures/dags-airflow3/', import.meta.url).pathname;
const clock = new ManualClock('2024-06-15T12:34:56Z');

function file(name: string, source: string): DiscoveredFile {
  return { relativePath: name, absolutePath: `/dags/${name}`, kind: 'python', content: Buffer.from(source) };
}

let reader: WorkerDagParser | null = null;
afterEach(async () => {
  await reader?.close();
  reader = null;
});

describe('WorkerDagParser (the agent reads DAG files in a worker thread)', () => {
  it('gives every corpus file the same DAGs and import errors as reading it in-process', async () => {
    reader = new WorkerDagParser();
    const unavailable = (m: string) => !m.startsWith('airflow.providers.ssh');
    for (const name of readdirSync(CORPUS).filter((n) => n.endsWith('.py'))) {
      const f: DiscoveredFile = {
        relativePath: name,
        absolutePath: join(CORPUS, name),
        kind: 'python',
        content: readFileSync(join(CORPUS, name)),
      };
      const opts = { clock, isModuleAvailable: unavailable };
      expect(await reader.parse(f, opts), name).toEqual(await parseDiscoveredFile(f, opts));
    }
  });

  it.each(['2.10.5', '3.0.6', '3.3.1'])(
    'reads the Airflow 3 corpus as Airflow %s in the worker exactly as in-process (the version and its defaults reach the thread)',
    async (airflowVersion) => {
      reader = new WorkerDagParser();
      for (const name of readdirSync(CORPUS_3).filter((n) => n.endsWith('.py'))) {
        const f: DiscoveredFile = {
          relativePath: name,
          absolutePath: join(CORPUS_3, name),
          kind: 'python',
          content: readFileSync(join(CORPUS_3, name)),
        };
        const opts = { clock, airflowVersion, catchupByDefault: !airflowVersion.startsWith('3.') };
        expect(await reader.parse(f, opts), name).toEqual(await parseDiscoveredFile(f, opts));
      }
    },
  );

  it('ends its thread after idleMs without a file to read, and reads the next file in a new thread alike', async () => {
    reader = new WorkerDagParser({ idleMs: 300 });
    const f = file('idle.py', 'from airflow import DAG\nwith DAG("idle_dag", schedule=None):\n    pass\n');
    const first = await reader.parse(f, { clock });
    expect(first.dags.map((d) => d.dagId)).toEqual(['idle_dag']);
    expect(reader.threadRunning).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(reader.threadRunning).toBe(true);
    await new Promise((r) => setTimeout(r, 600));
    expect(reader.threadRunning).toBe(false);
    expect(await reader.parse(f, { clock })).toEqual(first);
    expect(reader.threadRunning).toBe(true);
  });

  it('gets the module folders, the per-DAG defaults, the Airflow version and create_cron_data_intervals in the thread', async () => {
    const plugins = mkdtempSync(join(tmpdir(), 'worker-plugins-'));
    try {
      writeFileSync(join(plugins, 'team_schedules.py'), "NIGHTLY = '0 3 * * *'\n");
      const source = [
        'from airflow.sdk import DAG',
        'from airflow.providers.standard.operators.empty import EmptyOperator',
        'from team_schedules import NIGHTLY',
        "with DAG('nightly', schedule=NIGHTLY, start_date=None):",
        "    EmptyOperator(task_id='t')",
        '',
      ].join('\n');
      const f = file('nightly.py', source);
      const opts = {
        clock,
        airflowVersion: '3.3.1',
        modulePaths: [plugins],
        maxActiveRunsPerDag: 3,
        maxActiveTasksPerDag: 5,
        createCronDataIntervals: true,
      };
      reader = new WorkerDagParser();
      const inWorker = await reader.parse(f, opts);
      expect(inWorker).toEqual(await parseDiscoveredFile(f, opts));
      expect(inWorker.importErrors).toEqual([]);
      const [dag] = inWorker.dags;
      // create_cron_data_intervals=True on 3.3.1: the imported cron string becomes a CronDataIntervalTimetable.
      expect(dag?.schedule).toEqual({ kind: 'cron', expression: '0 3 * * *' });
      expect([dag?.maxActiveRuns, dag?.maxActiveTasks]).toEqual([3, 5]);
      // Without the setting, 3.3.1's default (False) makes it a CronTriggerTimetable.
      const { createCronDataIntervals: _, ...versionDefault } = opts;
      expect((await reader.parse(f, versionDefault)).dags[0]?.schedule.kind).toBe('cron-trigger');
    } finally {
      rmSync(plugins, { recursive: true, force: true });
    }
  });

  it("ends a file that runs past dagbag_import_timeout with Airflow's message, without holding the event loop", async () => {
    reader = new WorkerDagParser({ limits: { timeoutMs: 1_000 } });
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const slow = await reader.parse(
      file('comp.py', 'from airflow import DAG\nx = [i for i in range(100000) for j in range(100000)]\n'),
      { clock },
    );
    delay.disable();
    expect(slow.importErrors).toHaveLength(1);
    expect(slow.importErrors[0]!.message).toMatch(
      /^AirflowTaskTimeout: DagBag import timeout for \/dags\/comp\.py after 1\.0s\.\nPlease take a look at these docs to improve your DAG import time:\n\* https:\/\/airflow\.apache\.org\/docs\/apache-airflow\/stable\/best-practices\.html#top-level-python-code/,
    );
    expect(delay.max / 1e6).toBeLessThan(500);
    const next = await reader.parse(file('ok.py', 'from airflow import DAG\nd = DAG("ok", schedule=None)\n'), {
      clock,
    });
    expect(next.dags.map((d) => d.dagId)).toEqual(['ok']);
  });

  it('reads in a thread started before it (as check prestarts one), and in a new one when that thread has ended', async () => {
    const f = file('early.py', 'from airflow import DAG\nwith DAG("early", schedule=None):\n    pass\n');
    const early = startParseThread();
    reader = new WorkerDagParser({ thread: early });
    expect((await reader.parse(f, { clock })).dags.map((d) => d.dagId)).toEqual(['early']);
    await reader.close();
    expect(early.exited).toBe(true);
    const ended = startParseThread();
    await ended.worker.terminate();
    expect(ended.exited).toBe(true);
    reader = new WorkerDagParser({ thread: ended });
    expect((await reader.parse(f, { clock })).dags.map((d) => d.dagId)).toEqual(['early']);
    expect(reader.threadRunning).toBe(true);
  });

  it('refuses a file larger than the limit without reading it', async () => {
    reader = new WorkerDagParser({ limits: { maxFileBytes: 1000 } });
    const big = await reader.parse(file('big.py', `from airflow import DAG\nx = "${'a'.repeat(2000)}"\n`), { clock });
    expect(big.importErrors.map((e) => e.message)).toEqual([
      'big.py is 2031 bytes, more than the 1000 bytes mwaa-agent reads of one DAG file (--max-dag-file-bytes)',
    ]);
  });
});
