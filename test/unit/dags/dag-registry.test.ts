import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../agent/core/clock.js';
import { EventBus } from '../../../agent/core/events.js';
import { silentLogger } from '../../../agent/core/logger.js';
import { DagRegistry } from '../../../agent/dags/dag-registry.js';

const dagFile = (id: string, extra = '') =>
  `from datetime import datetime\nfrom airflow import DAG\n${extra}\nwith DAG("${id}", start_date=datetime(2024, 1, 1), schedule=None) as d:\n    pass\n`;

let dir: string;
let events: EventBus;
let registry: DagRegistry;
let parsed: { dagIds: string[]; importErrors: number; files: number }[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dag-registry-'));
  events = new EventBus();
  parsed = [];
  events.on('dags:parsed', (p) => parsed.push(p));
  registry = new DagRegistry({
    dagsDir: dir,
    ignoreSyntax: 'regexp',
    // Airflow 2's single DagBag (duplicate dag_ids are import errors there); 3.x is tested below.
    airflowVersion: () => '2.10.3',
    clock: new ManualClock(),
    log: silentLogger(),
    events,
  });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('DagRegistry', () => {
  it('emits dags:parsed after a full scan and serves the DAGs by id', async () => {
    await writeFile(join(dir, 'a.py'), dagFile('a'));
    await writeFile(join(dir, 'b.py'), dagFile('b'));
    await registry.refresh();
    expect(parsed).toEqual([{ dagIds: ['a', 'b'], importErrors: 0, files: 2, durationMs: 0 }]);
    expect(registry.get('b')?.relativeFileloc).toBe('b.py');
  });

  it('re-parses only the changed file on an incremental refresh, and picks up new and removed files', async () => {
    await writeFile(join(dir, 'a.py'), dagFile('a'));
    await writeFile(join(dir, 'b.py'), dagFile('b'));
    await registry.refresh();
    await writeFile(join(dir, 'a.py'), dagFile('a2'));
    await writeFile(join(dir, 'b.py'), dagFile('b2'));
    await registry.refresh(['a.py']);
    expect(registry.list().map((d) => d.dagId)).toEqual(['a2', 'b']);
    await unlink(join(dir, 'a.py'));
    await writeFile(join(dir, 'c.py'), dagFile('c'));
    await registry.refresh(['a.py']);
    expect(registry.list().map((d) => d.dagId)).toEqual(['b', 'c']);
  });

  it('rescans everything when an .airflowignore changes', async () => {
    await writeFile(join(dir, 'a.py'), dagFile('a'));
    await registry.refresh();
    await writeFile(join(dir, '.airflowignore'), 'a\\.py\n');
    await registry.refresh(['.airflowignore']);
    expect(registry.list()).toEqual([]);
  });

  it('reports a duplicate dag_id on the later file and flags its DAGs as broken', async () => {
    await writeFile(join(dir, 'a.py'), dagFile('same'));
    await writeFile(join(dir, 'b.py'), dagFile('same'));
    await registry.refresh();
    expect(registry.get('same')?.relativeFileloc).toBe('a.py');
    expect(registry.importErrors().map((e) => [e.filename, e.message])).toEqual([
      ['b.py', 'AirflowDagDuplicatedIdException: Ignoring DAG same from b.py - also found in a.py'],
    ]);
    expect(registry.hasImportErrors('same')).toBe(false);
  });

  it('re-parses every file when module availability changes (the DAG stays listed, flagged broken)', async () => {
    await writeFile(
      join(dir, 'ssh.py'),
      dagFile('uses_ssh', 'from airflow.providers.ssh.operators.ssh import SSHOperator'),
    );
    await registry.refresh();
    expect(registry.list().map((d) => d.dagId)).toEqual(['uses_ssh']);
    await registry.setModuleAvailability((m) => !m.startsWith('airflow.providers.ssh'));
    expect(registry.hasImportErrors('uses_ssh')).toBe(true);
    expect(registry.importErrors()[0]!.message).toBe("ModuleNotFoundError: No module named 'airflow.providers.ssh'");
  });

  it('keeps the last good version of a DAG whose file broke, flagged as having import errors', async () => {
    await writeFile(join(dir, 'a.py'), dagFile('a'));
    await registry.refresh();
    expect(registry.hasImportErrors('a')).toBe(false);
    await writeFile(join(dir, 'a.py'), 'from airflow import DAG\nwith DAG("a" as d:\n');
    await registry.refresh(['a.py']);
    expect([registry.get('a')?.dagId, registry.hasImportErrors('a')]).toEqual(['a', true]);
    await unlink(join(dir, 'a.py'));
    await registry.refresh(['a.py']);
    expect([registry.get('a'), registry.importErrors()]).toEqual([undefined, []]);
  });

  it('keeps serving the other DAGs when one file breaks', async () => {
    await writeFile(join(dir, 'a.py'), dagFile('a'));
    await writeFile(join(dir, 'b.py'), 'from airflow import DAG\nwith DAG("b" as d:\n');
    await registry.refresh();
    expect([registry.list().map((d) => d.dagId), registry.importErrors().map((e) => e.filename)]).toEqual([
      ['a'],
      ['b.py'],
    ]);
  });

  it('keeps re-parsing after a file whose reader throws: new DAGs appear, deleted ones go (defect 5)', async () => {
    const throwing = new DagRegistry({
      dagsDir: dir,
      ignoreSyntax: 'regexp',
      clock: new ManualClock(),
      log: silentLogger(),
      events,
      parseFile: async (file, opts) => {
        if (file.relativePath === 'hostile.py') throw new RangeError('Invalid time value');
        const { parseDiscoveredFile } = await import('../../../agent/dags/dag-folder-parser.js');
        return parseDiscoveredFile(file, opts);
      },
    });
    await writeFile(join(dir, 'hostile.py'), dagFile('hostile'));
    await writeFile(join(dir, 'old.py'), dagFile('old'));
    await throwing.refresh();
    expect(throwing.importErrors().map((e) => [e.filename, e.message])).toEqual([
      ['hostile.py', 'internal error while reading the file: Invalid time value'],
    ]);
    await writeFile(join(dir, 'new.py'), dagFile('new'));
    await unlink(join(dir, 'old.py'));
    await throwing.refresh(['new.py', 'old.py']);
    expect(throwing.list().map((d) => d.dagId)).toEqual(['new']);
  });

  it('abandons a refresh stuck on one file when told to recover, and reads the folder again at once', async () => {
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    let calls = 0;
    const clock = new ManualClock('2024-01-01T00:00:00Z');
    const recovering = new DagRegistry({
      dagsDir: dir,
      ignoreSyntax: 'regexp',
      clock,
      log: silentLogger(),
      events,
      parseFile: async (file, opts) => {
        const { parseDiscoveredFile } = await import('../../../agent/dags/dag-folder-parser.js');
        if (file.relativePath === 'slow.py' && calls++ === 0) await stuck;
        return parseDiscoveredFile(file, opts);
      },
    });
    await writeFile(join(dir, 'slow.py'), dagFile('slow'));
    void recovering.refresh();
    await new Promise((r) => setTimeout(r, 50));
    clock.advance(60_000);
    expect(recovering.progress()).toMatchObject({ currentFile: 'slow.py', currentFileSince: Date.parse('2024-01-01') });
    await recovering.recover();
    expect(recovering.list().map((d) => d.dagId)).toEqual(['slow']);
    expect(recovering.progress()).toMatchObject({ busySince: null, currentFile: null });
    release();
  });
});
