import { describe, expect, it } from 'vitest';
import { RaisedException } from '../../../agent/python/eval/eval-errors.js';
import { PythonInterpreter } from '../../../agent/python/eval/interpreter.js';
import type { PyValue } from '../../../agent/python/eval/py-value.js';
import { parsePython } from '../../../agent/python/eval/python-parser.js';
import { reprValue } from '../../../agent/python/eval/value-text.js';
import { PLAIN_PYTHON } from '../../../harness/plain-python.js';

/** Runs a module and reads a global while its syntax tree (which values point into) is alive. */
async function run<T>(source: string, read: (globals: Map<string, PyValue>) => T): Promise<T> {
  const tree = await parsePython(source);
  try {
    const py = new PythonInterpreter({ moduleName: 'm', fileName: '/m.py', semantics: PLAIN_PYTHON, nowUs: 0 });
    py.runModule(tree.rootNode);
    return read(py.globals.vars);
  } finally {
    tree.delete();
  }
}

function reprOf(source: string, name: string): Promise<string> {
  return run(source, (globals) => reprValue(globals.get(name)!, null as never));
}

describe('the generic evaluator runs plain Python with no host library', () => {
  it.each([
    ["x = int('1_0') + len([1, 2])", '12'],
    ["x = float(' 2.5 ')", '2.5'],
    ['x = 1e-05', '1e-05'],
    ["x = 'it\\'s\\n'", `"it's\\n"`],
    ["x = str({'a': (1,), 'b': None})", `"{'a': (1,), 'b': None}"`],
    ['def f(a, b=2):\n    return a * b\nx = [f(i) for i in range(3) if i]', '[2, 4]'],
    ["d = {'k': 1}\nd.update(v=2)\nx = sorted(d.keys())", "['k', 'v']"],
    [
      'from datetime import datetime, timedelta\nx = str(datetime(2024, 1, 2) + timedelta(hours=1))',
      "'2024-01-02 01:00:00'",
    ],
  ])('%s', async (source, want) => {
    expect(await reprOf(source, 'x')).toBe(want);
  });

  it("raises Python's exceptions where Python would", async () => {
    const nothing = () => null;
    await expect(run("x = int('1__0')", nothing)).rejects.toThrow(RaisedException);
    await expect(run("x = {'a': 1}[\"it's\"]", nothing)).rejects.toMatchObject({
      pyClass: 'KeyError',
      message: `"it's"`,
    });
    await expect(run('x = undefined_name', nothing)).rejects.toMatchObject({ pyClass: 'NameError' });
  });

  it('asks the host what a call it cannot follow yields', async () => {
    const x = await run('import os\nx = os.getcwd()', (globals) => globals.get('x'));
    expect(x).toMatchObject({ t: 'opaque', what: 'a call to symbol' });
  });
});
