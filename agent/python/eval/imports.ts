import type { Node } from 'web-tree-sitter';
import { RaisedException } from './eval-errors.js';
import type { InterpreterCore } from './interpreter-core.js';
import type { PyValue, Scope } from './py-value.js';
import type { PythonSemantics } from './semantics.js';

/** `import a.b`, `import a as b`, `from a import b as c`, `from a import *`. */
export function importStatement(py: InterpreterCore, node: Node, scope: Scope): void {
  if (node.type === 'import_statement') {
    for (const n of node.namedChildren) {
      if (!n) continue;
      const dotted = n.type === 'aliased_import' ? n.childForFieldName('name')!.text : n.text;
      importModule(py, dotted, node);
      if (n.type === 'aliased_import')
        scope.vars.set(n.childForFieldName('alias')!.text, { t: 'symbol', name: dotted });
      else scope.vars.set(dotted.split('.')[0]!, { t: 'symbol', name: dotted.split('.')[0]! });
    }
    return;
  }
  const moduleNode = node.childForFieldName('module_name')!;
  if (moduleNode.type === 'relative_import')
    throw new RaisedException('ImportError', 'attempted relative import with no known parent package', node);
  const module = moduleNode.text;
  const local = importModule(py, module, node);
  if (node.namedChildren.some((c) => c?.type === 'wildcard_import')) {
    const names = local ? py.publicNamesOfLocal(module) : null;
    if (names) for (const [name, value] of names) scope.vars.set(name, value);
    else py.starImported = true;
    return;
  }
  for (const n of node.childrenForFieldName('name')) {
    if (!n) continue;
    const name = n.type === 'aliased_import' ? n.childForFieldName('name')!.text : n.text;
    const alias = n.type === 'aliased_import' ? n.childForFieldName('alias')!.text : name;
    // A local module's names are whatever it defines; Airflow's version table speaks for Airflow's modules.
    if (!local) py.semantics.importFrom(module, name, node);
    const value = (local ? py.importFromLocal(module, name, node) : null) ?? resolveSymbol(py, `${module}.${name}`);
    scope.vars.set(alias, value);
  }
}

/** Imports a module: a local one is executed, any other must be installed. True for a local module. */
function importModule(py: InterpreterCore, dotted: string, node: Node): boolean {
  if (py.importLocal(dotted, node)) return true;
  requireModule(py.semantics, dotted, node);
  return false;
}

/** Python names the first missing package of a dotted path. */
function requireModule(semantics: PythonSemantics, dotted: string, node: Node): void {
  const parts = dotted.split('.');
  for (let i = 1; i <= parts.length; i++) {
    const prefix = parts.slice(0, i).join('.');
    if (!semantics.isModuleAvailable(prefix))
      throw new RaisedException('ModuleNotFoundError', `No module named '${prefix}'`, node);
  }
}

/**
 * The value of a dotted name reached through imports: a name of a local module the walk followed, a constant
 * of the standard library or the host's, else the symbol itself.
 */
export function resolveSymbol(py: InterpreterCore, name: string): PyValue {
  const local = py.localSymbol(name);
  if (local) return local;
  if (name === 'datetime.timezone.utc') return { t: 'tz', name: 'UTC' };
  // 0001-01-01 00:00, naive (datetime.max is not: its microseconds are beyond a double's exact integers).
  if (name === 'datetime.datetime.min') return { t: 'datetime', us: -62_135_596_800_000_000, tz: null };
  return py.semantics.resolveSymbol(name) ?? { t: 'symbol', name };
}
