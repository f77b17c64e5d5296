import { createRequire } from 'node:module';
import { Language, Parser, type Tree } from 'web-tree-sitter';

const require = createRequire(import.meta.url);

let shared: Promise<Parser> | undefined;

/**
 * The process-wide tree-sitter parser for Python. Loading the wasm runtime and grammar takes tens of
 * milliseconds, so it happens once and every parse reuses the same parser (parsing is synchronous, so
 * sharing it between concurrent async callers is safe).
 */
export function pythonParser(): Promise<Parser> {
  shared ??= (async () => {
    await Parser.init();
    const python = await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
    const parser = new Parser();
    parser.setLanguage(python);
    ready = parser;
    return parser;
  })();
  return shared;
}

let ready: Parser | undefined;

/**
 * The parser once {@link pythonParser} has loaded it, for synchronous parses (an import the evaluator follows
 * happens in the middle of a walk); null before.
 */
export function loadedPythonParser(): Parser | null {
  return ready ?? null;
}

/** Parses Python source; the caller must `delete()` the tree when done (it lives in wasm memory). */
export async function parsePython(source: string): Promise<Tree> {
  const parser = await pythonParser();
  const tree = parser.parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}
