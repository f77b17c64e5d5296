import { readFile } from 'node:fs/promises';
import { basename, relative } from 'node:path';
import type { Node } from 'web-tree-sitter';
import { CannotEvaluate, RaisedException } from '../python/eval/eval-errors.js';
import { PythonInterpreter } from '../python/eval/interpreter.js';
import { LocalModules } from '../python/eval/local-modules.js';
import { type PyValue, Scope } from '../python/eval/py-value.js';
import { parsePython } from '../python/eval/python-parser.js';
import { AirflowSemantics } from './airflow-semantics.js';
import type { IgnoreSyntax } from './airflowignore.js';
import { discoverDagFiles } from './dag-discovery.js';
import { dagReading } from './dag-reading.js';

/**
 * Airflow plugins in the plugins folder, read statically (a plugin's code never runs), as Airflow's
 * `load_plugins_from_plugin_directory` finds them: every `.py` file not ignored by the folder's
 * `.airflowignore`, every class in it that subclasses `airflow.plugins_manager.AirflowPlugin`, described
 * the way `airflow plugins` (`get_plugin_info`) prints them.
 */
export interface PluginInfo {
  name: string;
  /** `$PLUGINS_FOLDER/<relative path>`. */
  source: string;
  /** Every other attribute `airflow plugins` dumps, as it prints it. */
  attributes: Record<string, unknown>;
}

/** A file Airflow would fail to import, or a value the reader could not follow. */
export interface PluginProblem {
  kind: 'import-error' | 'cannot-evaluate';
  file: string;
  line: number | null;
  message: string;
}

export interface PluginsReadResult {
  plugins: PluginInfo[];
  problems: PluginProblem[];
}

export interface PluginReadOptions {
  /** The attributes the emulated Airflow dumps (`PLUGINS_ATTRIBUTES_TO_DUMP`), besides name and source. */
  attributes: readonly string[];
  ignoreSyntax: IgnoreSyntax;
  /** Folders of `sys.path` the plugin files may import from (the plugins and DAG folders). */
  modulePaths: readonly string[];
  isModuleAvailable?: (module: string) => boolean;
  /** The emulated Airflow version, whose DAG-file facts (imports, asset classes) apply. Default: MWAA's default. */
  airflowVersion?: string;
}

const PLUGIN_BASE = 'airflow.plugins_manager.AirflowPlugin';
const QUALNAME_LISTS = new Set(['hooks', 'executors', 'macros', 'timetables', 'priority_weight_strategies']);
const INSTANCE_LISTS = new Set(['global_operator_extra_links', 'operator_extra_links']);

export async function readPlugins(pluginsDir: string, opts: PluginReadOptions): Promise<PluginsReadResult> {
  const { files } = await discoverDagFiles(pluginsDir, { ignoreSyntax: opts.ignoreSyntax, safeMode: false });
  const result: PluginsReadResult = { plugins: [], problems: [] };
  const names = new Set<string>();
  for (const file of files) {
    if (file.kind !== 'python') continue;
    const source = await readFile(file.absolutePath, 'utf8').catch(() => null);
    if (source === null) continue;
    for (const plugin of await readPluginFile(file.absolutePath, source, pluginsDir, opts, result.problems)) {
      // register_plugin: a name seen before is skipped ("Plugin %s already registered").
      if (names.has(plugin.name)) continue;
      names.add(plugin.name);
      result.plugins.push(plugin);
    }
  }
  return result;
}

async function readPluginFile(
  path: string,
  source: string,
  pluginsDir: string,
  opts: PluginReadOptions,
  problems: PluginProblem[],
): Promise<PluginInfo[]> {
  const rel = relative(pluginsDir, path);
  const moduleName = basename(path, '.py');
  const tree = await parsePython(source);
  const semantics = new AirflowSemantics({
    isModuleAvailable: opts.isModuleAvailable ?? (() => true),
    nowUs: Date.now() * 1000,
    reading: dagReading(opts.airflowVersion),
  });
  const py = new PythonInterpreter({
    moduleName,
    fileName: path,
    semantics,
    nowUs: Date.now() * 1000,
    localModules: new LocalModules(opts.modulePaths),
  });
  try {
    if (tree.rootNode.hasError) {
      problems.push({ kind: 'import-error', file: rel, line: null, message: 'SyntaxError: invalid syntax' });
      return [];
    }
    try {
      py.runModule(tree.rootNode);
    } catch (e) {
      problems.push(problem(rel, e));
      // Python would fail the import (no plugin); a construct the reader cannot follow only limits what it sees.
      if (!(e instanceof CannotEvaluate)) return [];
    }
    const classes = tree.rootNode.namedChildren.filter((n): n is Node => n?.type === 'class_definition');
    // A class defined here is `<module>.<Name>` to Airflow (its __module__ and __qualname__).
    for (const c of classes)
      py.globals.vars.set(c.childForFieldName('name')!.text, { t: 'symbol', name: `${moduleName}.${className(c)}` });
    const pluginClasses = new Set<string>([PLUGIN_BASE]);
    const out: PluginInfo[] = [];
    for (const c of classes) {
      const bases = c.childForFieldName('superclasses')?.namedChildren ?? [];
      const isPlugin = bases.some((b) => {
        if (!b || b.type === 'keyword_argument') return false;
        const v = safeEval(py, b, py.globals);
        return v?.t === 'symbol' && pluginClasses.has(v.name);
      });
      if (!isPlugin) continue;
      pluginClasses.add(`${moduleName}.${className(c)}`);
      const plugin = readPluginClass(c, py, rel, opts, problems);
      if (plugin) out.push(plugin);
    }
    return out;
  } finally {
    py.dispose();
    tree.delete();
  }
}

function readPluginClass(
  c: Node,
  py: PythonInterpreter,
  rel: string,
  opts: PluginReadOptions,
  problems: PluginProblem[],
): PluginInfo | null {
  const scope = new Scope(py.globals);
  const values = new Map<string, { node: Node; value: PyValue | null }>();
  for (const stmt of c.childForFieldName('body')?.namedChildren ?? []) {
    const assign = stmt?.type === 'expression_statement' ? stmt.namedChildren[0] : null;
    if (assign?.type !== 'assignment') continue;
    const target = assign.childForFieldName('left');
    const right = assign.childForFieldName('right');
    if (target?.type !== 'identifier' || !right) continue;
    const value = safeEval(py, right, scope);
    if (value) scope.vars.set(target.text, value);
    values.set(target.text, { node: right, value });
  }
  const name = values.get('name')?.value;
  if (name?.t !== 'str') {
    // AirflowPlugin.validate: a plugin without a name fails to load ("Your plugin needs a name.").
    const line = c.startPosition.row + 1;
    if (!name || name.t === 'none')
      problems.push({
        kind: 'import-error',
        file: rel,
        line,
        message: 'AirflowPluginException: Your plugin needs a name.',
      });
    else problems.push({ kind: 'cannot-evaluate', file: rel, line, message: `the name of ${className(c)}` });
    return null;
  }
  const attributes: Record<string, unknown> = {};
  for (const attr of opts.attributes) {
    if (attr === 'source') continue;
    const given = values.get(attr);
    if (!given) {
      attributes[attr] = [];
      continue;
    }
    const dumped = dumpAttribute(attr, given.node, py, scope);
    if (dumped === undefined) {
      const { row } = given.node.startPosition;
      problems.push({ kind: 'cannot-evaluate', file: rel, line: row + 1, message: `${attr} of plugin ${name.v}` });
      continue;
    }
    attributes[attr] = dumped;
  }
  return { name: name.v, source: `$PLUGINS_FOLDER/${rel}`, attributes };
}

/** An attribute as `get_plugin_info` prints it; undefined when the reader cannot follow it. */
function dumpAttribute(attr: string, node: Node, py: PythonInterpreter, scope: Scope): unknown {
  const items = node.type === 'list' || node.type === 'tuple' ? node.namedChildren.filter((n): n is Node => !!n) : null;
  if (!items) return undefined;
  const out: unknown[] = [];
  for (const item of items) {
    let v: unknown;
    if (QUALNAME_LISTS.has(attr) || attr === 'listeners') v = qualname(py, item, scope);
    else if (INSTANCE_LISTS.has(attr)) v = instanceText(py, item, scope);
    else if (attr === 'flask_blueprints') v = blueprintText(py, item, scope);
    else if (attr === 'appbuilder_views') v = appbuilderView(py, item, scope);
    else v = toJson(safeEval(py, item, scope));
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

/** `f"{obj.__module__}.{obj.__qualname__}"` of a class or function. */
function qualname(py: PythonInterpreter, node: Node, scope: Scope): string | undefined {
  const v = safeEval(py, node, scope);
  if (v?.t === 'symbol') return v.name;
  if (v?.t === 'function') {
    const module = v.closure.lookup('__name__');
    const name = v.node.childForFieldName('name')?.text;
    return module?.t === 'str' && name ? `${module.v}.${name}` : undefined;
  }
  return undefined;
}

/** `<module.Class object>` for `Class()`. */
function instanceText(py: PythonInterpreter, node: Node, scope: Scope): string | undefined {
  const cls = instanceClass(py, node, scope);
  return cls ? `<${cls} object>` : undefined;
}

function instanceClass(py: PythonInterpreter, node: Node, scope: Scope): string | undefined {
  const call = callOf(node);
  const fn = call?.childForFieldName('function');
  return fn ? qualname(py, fn, scope) : undefined;
}

/** The call that made a value: the node itself, or the module-level `name = Call(…)` a name refers to. */
function callOf(node: Node): Node | null {
  if (node.type === 'call') return node;
  if (node.type !== 'identifier') return null;
  let root: Node | null = node;
  while (root?.parent) root = root.parent;
  let found: Node | null = null;
  for (const stmt of root?.namedChildren ?? []) {
    if (!stmt || stmt.startIndex > node.startIndex) break;
    const assign = stmt.type === 'expression_statement' ? stmt.namedChildren[0] : null;
    if (assign?.type !== 'assignment' || assign.childForFieldName('left')?.text !== node.text) continue;
    const right = assign.childForFieldName('right');
    found = right?.type === 'call' ? right : null;
  }
  return found;
}

/** `<flask.blueprints.Blueprint: name='x' import_name='y'>` for `Blueprint("x", "y", …)`. */
function blueprintText(py: PythonInterpreter, node: Node, scope: Scope): string | undefined {
  const cls = instanceClass(py, node, scope);
  if (cls !== 'flask.Blueprint' && cls !== 'flask.blueprints.Blueprint') return undefined;
  const call = callOf(node);
  const args = call ? safeArgs(py, call, scope) : null;
  const name = args?.positional[0] ?? args?.kwargs.get('name');
  const importName = args?.positional[1] ?? args?.kwargs.get('import_name');
  if (name?.t !== 'str' || importName?.t !== 'str') return undefined;
  return `<flask.blueprints.Blueprint: name=${pyStrRepr(name.v)} import_name=${pyStrRepr(importName.v)}>`;
}

/** A dict whose `view` (an instance) is shown as its class's qualified name. */
function appbuilderView(py: PythonInterpreter, node: Node, scope: Scope): unknown {
  if (node.type !== 'dictionary') return undefined;
  const out: Record<string, unknown> = {};
  for (const pair of node.namedChildren) {
    if (pair?.type !== 'pair') return undefined;
    const key = safeEval(py, pair.childForFieldName('key')!, scope);
    const valueNode = pair.childForFieldName('value')!;
    if (key?.t !== 'str') return undefined;
    const value = key.v === 'view' ? instanceClass(py, valueNode, scope) : toJson(safeEval(py, valueNode, scope));
    if (value === undefined) return undefined;
    out[key.v] = value;
  }
  if (!('view' in out)) out.view = null;
  return out;
}

function toJson(v: PyValue | null): unknown {
  if (!v) return undefined;
  switch (v.t) {
    case 'none':
      return null;
    case 'bool':
    case 'int':
    case 'float':
    case 'str':
      return v.v;
    case 'list':
    case 'tuple': {
      const items = v.items.map(toJson);
      return items.includes(undefined) ? undefined : items;
    }
    case 'dict': {
      const out: Record<string, unknown> = {};
      for (const { key, value } of v.entries.values()) {
        const j = toJson(value);
        if (key.t !== 'str' || j === undefined) return undefined;
        out[key.v] = j;
      }
      return out;
    }
    default:
      return undefined;
  }
}

function safeEval(py: PythonInterpreter, node: Node, scope: Scope): PyValue | null {
  try {
    const v = py.eval(node, scope);
    return v.t === 'opaque' ? null : v;
  } catch {
    return null;
  }
}

function safeArgs(py: PythonInterpreter, call: Node, scope: Scope) {
  try {
    return py.evalArgs(call.childForFieldName('arguments'), scope);
  } catch {
    return null;
  }
}

function className(c: Node): string {
  return c.childForFieldName('name')!.text;
}

function pyStrRepr(s: string): string {
  return s.includes("'") && !s.includes('"') ? `"${s}"` : `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function problem(file: string, e: unknown): PluginProblem {
  if (e instanceof RaisedException)
    return { kind: 'import-error', file, line: e.node ? e.node.startPosition.row + 1 : null, message: e.formatted() };
  if (e instanceof CannotEvaluate)
    return { kind: 'cannot-evaluate', file, line: e.node.startPosition.row + 1, message: e.construct };
  return { kind: 'cannot-evaluate', file, line: null, message: (e as Error)?.message ?? String(e) };
}
