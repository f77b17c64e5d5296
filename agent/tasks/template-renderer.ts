import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import nunjucks from 'nunjucks';
import { LookupPending } from './attempt-lookups.js';
import { withPythonSemantics } from './jinja-compat.js';
import { PythonException } from '../python/exceptions.js';
import { StrictUndefined } from './strict-undefined.js';
import { AIRFLOW_FILTERS, type PyDateTime } from './template-context.js';

export interface RenderFieldsInput {
  /** Operator arguments (unrendered). */
  args: Record<string, unknown>;
  /** Airflow's template_fields of the operator. */
  fields: readonly string[];
  /** Airflow's template_ext: a string ending with one of these is a template file name. */
  templateExt: readonly string[];
  /** Folder of the DAG file: the FileSystemLoader search path. */
  searchPath: string;
  context: Record<string, unknown>;
}

/**
 * Jinja's `keep_trailing_newline=False` drops one trailing newline, and its lexer normalises `\r\n` to `\n`.
 */
function jinjaSource(source: string): string {
  return source.replace(/\r\n?/g, '\n').replace(/\n$/, '');
}

const isUndefined = (v: unknown): boolean => v === undefined || v instanceof StrictUndefined;

function createEnvironment(): nunjucks.Environment {
  // autoescape off: Airflow renders shell commands, not HTML. Undefined handling is StrictUndefined (jinja-compat).
  const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });
  for (const [name, fn] of Object.entries(AIRFLOW_FILTERS)) env.addFilter(name, (v: PyDateTime) => fn(v));
  const dflt = (v: unknown, d: unknown = '', boolean = false): unknown => (isUndefined(v) || (boolean && !v) ? d : v);
  env.addFilter('default', dflt);
  env.addFilter('d', dflt);
  // addTest exists in nunjucks 3.2.4 but is missing from @types/nunjucks.
  const tests = env as unknown as { addTest(name: string, fn: (v: unknown) => boolean): void };
  tests.addTest('defined', (v) => !isUndefined(v));
  tests.addTest('undefined', (v) => isUndefined(v));
  tests.addTest('none', (v) => v === null);
  return env;
}

/** Jinja's FileSystemLoader path rule: `..` segments are refused, a leading `/` is ignored. */
function loadTemplateFile(searchPath: string, name: string): string {
  const pieces = name.split('/').filter((p) => p && p !== '.');
  if (pieces.some((p) => p === '..' || p.includes('\\')))
    throw new PythonException('jinja2.exceptions.TemplateNotFound', name);
  try {
    return readFileSync(join(searchPath, ...pieces), 'utf8');
  } catch {
    throw new PythonException('jinja2.exceptions.TemplateNotFound', name);
  }
}

/** Maps nunjucks' own errors (syntax, runtime) to the Jinja exception classes a user would see. */
function toPythonException(e: unknown): PythonException {
  // Includes LookupPending: the attempt loads the connection or variable and renders again.
  if (e instanceof PythonException) return e;
  const message = e instanceof Error ? e.message : String(e);
  const stripped = message.replace(/^\(unknown path\)\s*/, '').trim();
  const isSyntax = /expected|unexpected|unknown block tag|parse/i.test(stripped);
  return new PythonException(
    isSyntax ? 'jinja2.exceptions.TemplateSyntaxError' : 'jinja2.exceptions.TemplateError',
    stripped,
  );
}

/**
 * A template field that failed to render: the Python exception, with the field and its template (Airflow
 * 3 logs both before failing the task).
 */
export class TemplateFieldError extends PythonException {
  constructor(
    failure: PythonException,
    readonly field: string,
    readonly template: unknown,
  ) {
    super(failure.pyClass, failure.message);
  }
}

/** Renders one templated value: strings (or template files), lists and dict values recursively. */
function renderValue(env: nunjucks.Environment, value: unknown, input: RenderFieldsInput): unknown {
  if (typeof value === 'string') {
    const source = input.templateExt.some((ext) => value.endsWith(ext))
      ? loadTemplateFile(input.searchPath, value)
      : value;
    try {
      return withPythonSemantics(() => env.renderString(jinjaSource(source), input.context));
    } catch (e) {
      throw toPythonException(e);
    }
  }
  if (Array.isArray(value)) return value.map((v) => renderValue(env, v, input));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderValue(env, v, input)]));
  }
  return value;
}

/**
 * Airflow's `render_templates` for an operator: returns the arguments with every template field rendered.
 * Throws {@link PythonException} (UndefinedError, TemplateNotFound, TemplateSyntaxError, KeyError, …), which
 * fails the attempt before the operator runs, as in Airflow.
 */
export function renderTemplateFields(input: RenderFieldsInput): Record<string, unknown> {
  const env = createEnvironment();
  const out = { ...input.args };
  for (const field of input.fields) {
    if (out[field] === undefined || out[field] === null) continue;
    try {
      out[field] = renderValue(env, out[field], input);
    } catch (e) {
      // A pending lookup is no failure: renderWithLookups loads it and renders again.
      if (e instanceof LookupPending || !(e instanceof PythonException)) throw e;
      throw new TemplateFieldError(e, field, out[field]);
    }
  }
  return out;
}

/** The folder Airflow's template loader searches first: the DAG file's folder. */
export function templateSearchPath(fileloc: string): string {
  return dirname(fileloc);
}
