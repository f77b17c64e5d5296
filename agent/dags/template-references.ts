import { createRequire } from 'node:module';

/** What a Jinja template refers to: top-level names, and the variables and connections it reads. */
export interface TemplateReferences {
  /** Names looked up in the context (`{{ ds }}` → "ds"), loop and `set` names included. */
  names: Set<string>;
  /** `var.value.KEY`, `var.json.KEY`, `var.value.get("KEY")` without a default. */
  variables: Set<string>;
  /** `conn.ID` and `conn.get("ID")`. */
  connections: Set<string>;
}

type JinjaParser = { parse(source: string): JinjaNode };
let jinjaParser: JinjaParser | null = null;

/** nunjucks' parser, loaded on the first template (a check of DAGs without templates never loads it). */
function parser(): JinjaParser {
  jinjaParser ??= (createRequire(import.meta.url)('nunjucks') as { parser: JinjaParser }).parser;
  return jinjaParser;
}

interface JinjaNode {
  typename: string;
  fields: readonly string[];
  value?: unknown;
  [field: string]: unknown;
}

/**
 * The references of a template string, read from nunjucks' parse tree (the renderer's own parser), never by
 * pattern. A string that does not parse as a template refers to nothing: rendering reports that error.
 */
export function templateReferences(text: string): TemplateReferences {
  const refs: TemplateReferences = { names: new Set(), variables: new Set(), connections: new Set() };
  if (!text.includes('{{') && !text.includes('{%')) return refs;
  let root: JinjaNode;
  try {
    root = parser().parse(text);
  } catch {
    return refs;
  }
  visit(root, refs);
  return refs;
}

function visit(node: JinjaNode, refs: TemplateReferences): void {
  if (node.typename === 'Symbol') refs.names.add(String(node.value));
  if (node.typename === 'LookupVal') lookup(node, refs);
  if (node.typename === 'FunCall') call(node, refs);
  for (const f of node.fields) {
    const child = node[f];
    if (Array.isArray(child)) for (const c of child) if (isNode(c)) visit(c, refs);
    if (isNode(child)) visit(child, refs);
  }
}

/** `var.value.KEY` / `var.json.KEY` / `conn.ID`. */
function lookup(node: JinjaNode, refs: TemplateReferences): void {
  const target = node.target as JinjaNode;
  const key = literal(node.val as JinjaNode);
  if (key === null) return;
  if (isSymbol(target, 'conn') && key !== 'get') refs.connections.add(key);
  if (target.typename === 'LookupVal' && isSymbol(target.target as JinjaNode, 'var')) {
    const kind = literal(target.val as JinjaNode);
    if ((kind === 'value' || kind === 'json') && key !== 'get') refs.variables.add(key);
  }
}

/** `var.value.get("KEY")` (a default makes a missing variable harmless) and `conn.get("ID")`. */
function call(node: JinjaNode, refs: TemplateReferences): void {
  const fn = node.name as JinjaNode;
  const args = ((node.args as JinjaNode).children as JinjaNode[]) ?? [];
  if (fn.typename !== 'LookupVal' || literal(fn.val as JinjaNode) !== 'get' || args.length !== 1) return;
  const key = literal(args[0]!);
  if (key === null) return;
  const target = fn.target as JinjaNode;
  if (isSymbol(target, 'conn')) refs.connections.add(key);
  if (target.typename === 'LookupVal' && isSymbol(target.target as JinjaNode, 'var')) refs.variables.add(key);
}

function isNode(x: unknown): x is JinjaNode {
  return typeof x === 'object' && x !== null && typeof (x as JinjaNode).typename === 'string';
}

function isSymbol(node: JinjaNode, name: string): boolean {
  return node.typename === 'Symbol' && node.value === name;
}

function literal(node: JinjaNode): string | null {
  return node.typename === 'Literal' && typeof node.value === 'string' ? node.value : null;
}
