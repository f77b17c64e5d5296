import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../agent/core/clock.js';
import { parseDagFile } from '../../../agent/dags/dag-file-parser.js';

const root = mkdtempSync(join(tmpdir(), 'local-modules-'));
const plugins = join(root, 'plugins');
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(rel: string, text: string): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
}

write('plugins/my_plugin/__init__.py', '');
write(
  'plugins/my_plugin/helpers.py',
  [
    'from datetime import timedelta',
    '__all__ = ["DEFAULT_ARGS", "CMD"]',
    'GREETING = "hello"',
    'DEFAULT_ARGS = {"owner": "plugin", "retries": 2, "retry_delay": timedelta(minutes=1)}',
    'CMD = "echo " + GREETING.upper()',
    'def make_cmd(x):',
    '    return f"echo {x}"',
  ].join('\n'),
);
write('plugins/my_plugin/broken.py', 'def f(:\n    pass\n');
write('plugins/my_plugin/needs_missing.py', 'import not_installed_anywhere.sub\n');
write('plugins/flat.py', 'VALUE = 41 + 1\n');

async function parse(body: string) {
  const source = [
    'from datetime import datetime',
    'from airflow import DAG',
    'from airflow.operators.bash import BashOperator',
    body,
  ].join('\n');
  return parseDagFile(
    { absolutePath: join(root, 'dags/d.py'), relativePath: 'd.py', source },
    {
      clock: new ManualClock('2024-06-01T00:00:00Z'),
      modulePaths: [join(root, 'dags'), plugins],
      isModuleAvailable: (m) => !m.startsWith('not_installed_anywhere'),
    },
  );
}

const dag = (task: string) => `with DAG("d", start_date=datetime(2024, 1, 1), schedule=None) as dag:\n    ${task}\n`;

describe('DAG files importing modules of the plugins folder', () => {
  it('read names, functions and packages from the plugin module', async () => {
    const r = await parse(
      [
        'from my_plugin.helpers import DEFAULT_ARGS, make_cmd',
        'import my_plugin.helpers as h',
        'import flat',
        'with DAG("d", start_date=datetime(2024, 1, 1), schedule=None, default_args=DEFAULT_ARGS) as dag:',
        '    BashOperator(task_id="a", bash_command=h.CMD)',
        '    BashOperator(task_id="b", bash_command=make_cmd(flat.VALUE))',
      ].join('\n'),
    );
    expect(r.importErrors).toEqual([]);
    const tasks = r.dags[0]!.tasks;
    expect(tasks.map((t) => [t.taskId, t.args.bash_command, t.retries])).toEqual([
      ['a', 'echo HELLO', 2],
      ['b', 'echo 42', 2],
    ]);
  });

  it('binds what `from … import *` exports (__all__)', async () => {
    const r = await parse(`from my_plugin.helpers import *\n${dag('BashOperator(task_id="a", bash_command=CMD)')}`);
    expect(r.dags[0]!.tasks[0]!.args.bash_command).toBe('echo HELLO');
    const hidden = await parse(
      `from my_plugin.helpers import *\n${dag('BashOperator(task_id="a", bash_command=GREETING)')}`,
    );
    expect(hidden.importErrors[0]!.message).toBe("NameError: name 'GREETING' is not defined");
  });

  it.each([
    [
      'from my_plugin.helpers import nothing_here',
      `ImportError: cannot import name 'nothing_here' from 'my_plugin.helpers' (${plugins}/my_plugin/helpers.py)`,
    ],
    ['import my_plugin.nope', "ModuleNotFoundError: No module named 'my_plugin.nope'"],
    ['import my_plugin.broken', 'SyntaxError: invalid syntax (broken.py, line 1)'],
    ['import my_plugin.needs_missing', "ModuleNotFoundError: No module named 'not_installed_anywhere'"],
  ])('reports `%s` as Python would, on the import line', async (line, message) => {
    const r = await parse(`${line}\n${dag('BashOperator(task_id="a", bash_command="x")')}`);
    expect(r.importErrors.map(({ stackTrace: _, ...e }) => e)).toEqual([
      { filename: 'd.py', line: 4, column: 1, message },
    ]);
  });
});

describe('a local module past the reader budgets', () => {
  it("reports CPython's nesting limit in an imported module at the importing line", async () => {
    write('plugins/deep.py', `X = ${'('.repeat(300)}1${')'.repeat(300)}\n`);
    const r = await parse('import deep\nwith DAG("d", start_date=datetime(2024, 1, 1), schedule=None):\n    pass');
    expect(r.dags).toEqual([]);
    expect(r.importErrors.map((e) => [e.line, e.message])).toEqual([
      [4, 'SyntaxError: too many nested parentheses (deep.py, line 1)'],
    ]);
  });
});
