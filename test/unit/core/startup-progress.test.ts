import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../agent/core/clock.js';
import { StartupProgress, startupInWords } from '../../../agent/core/startup-progress.js';

describe('StartupProgress', () => {
  it('names the step in progress, counts the first parse live, and is ready only when told', () => {
    const clock = new ManualClock('2024-01-01T00:00:00Z');
    const progress = new StartupProgress(clock);
    expect(progress.report()).toMatchObject({ ready: false, phase: null, dag_files: null });
    progress.begin('mirror');
    expect(startupInWords(progress.report())).toBe("copying the bucket's files (the first sync)");
    clock.advance(1_500);
    progress.end('mirror', 'done');
    progress.begin('startup_script');
    expect(progress.report().phase).toBe('startup_script');
    progress.end('startup_script', 'timed_out', 'stopped after 300 s');
    progress.begin('requirements');
    progress.end('requirements', 'done', 'Airflow 2.10.3');
    let count = { files_parsed: 0, files_total: null as number | null };
    progress.countParseWith(() => count);
    expect(progress.report().dag_files).toBeNull();
    progress.begin('dag_parse');
    expect(startupInWords(progress.report())).toBe('listing the DAG folder');
    count = { files_parsed: 12, files_total: 1000 };
    const during = progress.report();
    expect(during).toMatchObject({ ready: false, phase: 'dag_parse', dag_files: count });
    expect(startupInWords(during)).toBe('reading DAG files (12 of 1000)');
    expect(during.steps.mirror).toEqual({
      status: 'done',
      started_at: '2024-01-01T00:00:00.000Z',
      finished_at: '2024-01-01T00:00:01.500Z',
      detail: null,
    });
    expect(during.steps.startup_script).toMatchObject({ status: 'timed_out', detail: 'stopped after 300 s' });
    progress.end('dag_parse', 'done');
    expect(progress.report().ready).toBe(false);
    clock.advance(500);
    progress.markReady();
    expect(progress.report()).toMatchObject({ ready: true, phase: null, ready_at: '2024-01-01T00:00:02.000Z' });
  });

  it('reports a step skipped without having begun it, with why', () => {
    const progress = new StartupProgress(new ManualClock('2024-01-01T00:00:00Z'));
    progress.end('mirror', 'skipped', 'no bucket');
    expect(progress.report().steps.mirror).toEqual({
      status: 'skipped',
      started_at: '2024-01-01T00:00:00.000Z',
      finished_at: '2024-01-01T00:00:00.000Z',
      detail: 'no bucket',
    });
  });

  it('keeps its steps from callers that change a report', () => {
    const progress = new StartupProgress(new ManualClock('2024-01-01T00:00:00Z'));
    progress.report().steps.mirror.status = 'done';
    expect(progress.report().steps.mirror.status).toBe('pending');
  });
});
