/**
 * Where a V8 heap snapshot's memory goes: self size by category and by constructor, and the objects retaining the
 * most (retained size from the dominator tree, weak edges ignored, as DevTools computes it). Used by idle-rss.ts;
 * on its own: `node --import tsx bench/agent/heap-summary.ts file.heapsnapshot`.
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: {
    meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] };
    node_count: number;
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

const MB = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

export function summariseHeapSnapshot(file: string, top = 15): string {
  const s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const nf = s.snapshot.meta.node_fields;
  const nodeTypes = s.snapshot.meta.node_types[0];
  const edgeTypes = s.snapshot.meta.edge_types[0];
  const NF = nf.length;
  const EF = s.snapshot.meta.edge_fields.length;
  const [typeAt, nameAt, sizeAt, edgesAt] = ['type', 'name', 'self_size', 'edge_count'].map((f) => nf.indexOf(f));
  const [edgeTypeAt, edgeNameAt, toAt] = ['type', 'name_or_index', 'to_node'].map((f) =>
    s.snapshot.meta.edge_fields.indexOf(f),
  );
  const n = s.nodes.length / NF;
  const type = (i: number) => nodeTypes[s.nodes[i * NF + typeAt!]!]!;
  const name = (i: number) => s.strings[s.nodes[i * NF + nameAt!]!]!;
  const size = (i: number) => s.nodes[i * NF + sizeAt!]!;
  const firstEdge = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) firstEdge[i + 1] = firstEdge[i]! + s.nodes[i * NF + edgesAt!]!;
  const weak = edgeTypes.indexOf('weak');
  const shortcut = edgeTypes.indexOf('shortcut');
  const successors = (i: number, each: (to: number, edge: number) => void) => {
    for (let e = firstEdge[i]!; e < firstEdge[i + 1]!; e++) {
      const t = s.edges[e * EF + edgeTypeAt!]!;
      if (t !== weak && t !== shortcut) each(s.edges[e * EF + toAt!]! / NF, e);
    }
  };

  // Self size by category and by constructor.
  const category = (i: number): string => {
    const t = type(i);
    if (t === 'string' || t === 'concatenated string' || t === 'sliced string') return 'strings';
    if (t === 'code') return 'compiled code';
    if (t === 'closure') return 'closures';
    if (t === 'array') return 'internal arrays (properties, elements)';
    if (t === 'hidden' || t === 'object shape') return 'V8 internals (maps, shapes, descriptors)';
    if (t === 'native') return 'native (ArrayBuffer backing stores, …)';
    if (t === 'number' || t === 'bigint' || t === 'heap number') return 'numbers';
    if (t === 'regexp') return 'regexps';
    return t === 'object' ? 'JS objects' : t;
  };
  const byCategory = new Map<string, number>();
  const byConstructor = new Map<string, { count: number; bytes: number }>();
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += size(i);
    byCategory.set(category(i), (byCategory.get(category(i)) ?? 0) + size(i));
    const key =
      `${type(i)} ${type(i) === 'object' || type(i) === 'closure' || type(i) === 'native' ? name(i) : ''}`.trim();
    const c = byConstructor.get(key) ?? { count: 0, bytes: 0 };
    c.count++;
    c.bytes += size(i);
    byConstructor.set(key, c);
  }

  // Dominators (Cooper, Harvey & Kennedy's iterative algorithm over a reverse postorder), then retained sizes.
  const order: number[] = [];
  const postIndex = new Int32Array(n).fill(-1);
  const visited = new Uint8Array(n);
  const stack: number[] = [0];
  const edgeCursor = Int32Array.from(firstEdge.subarray(0, n));
  visited[0] = 1;
  while (stack.length > 0) {
    const i = stack[stack.length - 1]!;
    let pushed = false;
    while (edgeCursor[i]! < firstEdge[i + 1]!) {
      const e = edgeCursor[i]!++;
      const t = s.edges[e * EF + edgeTypeAt!]!;
      if (t === weak || t === shortcut) continue;
      const to = s.edges[e * EF + toAt!]! / NF;
      if (!visited[to]) {
        visited[to] = 1;
        stack.push(to);
        pushed = true;
        break;
      }
    }
    if (!pushed) {
      stack.pop();
      postIndex[i] = order.length;
      order.push(i);
    }
  }
  const predecessors: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) if (visited[i]) successors(i, (to) => predecessors[to]!.push(i));
  const idom = new Int32Array(n).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (postIndex[a]! < postIndex[b]!) a = idom[a]!;
      while (postIndex[b]! < postIndex[a]!) b = idom[b]!;
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = order.length - 2; k >= 0; k--) {
      const i = order[k]!;
      let d = -1;
      for (const p of predecessors[i]!) if (idom[p] !== -1) d = d === -1 ? p : intersect(p, d);
      if (d !== -1 && idom[i] !== d) {
        idom[i] = d;
        changed = true;
      }
    }
  }
  const retained = new Float64Array(n);
  for (const i of order) {
    retained[i] = retained[i]! + size(i);
    if (i !== 0 && idom[i]! >= 0) retained[idom[i]!] = retained[idom[i]!]! + retained[i]!;
  }
  // The largest retainers: the application's and libraries' own objects (not V8's system objects, contexts or
  // plain containers, whose retained size is their contents'), largest first; nested ones may both appear.
  const generic = new Set(['Object', 'Array', 'Module', 'Map', 'Set', 'Generator', '']);
  const tops: number[] = [];
  for (let i = 0; i < n; i++)
    if ((type(i) === 'object' || type(i) === 'closure') && !name(i).startsWith('system /') && !generic.has(name(i)))
      tops.push(i);
  tops.sort((a, b) => retained[b]! - retained[a]!);
  // Module source text V8 keeps (for lazy compilation and Function.prototype.toString), by package.
  const sources = new Map<string, number>();
  const sourceEdge = s.strings.indexOf('source');
  for (let i = 0; i < n; i++)
    for (let e = firstEdge[i]!; e < firstEdge[i + 1]!; e++) {
      if (s.edges[e * EF + edgeNameAt!] !== sourceEdge || edgeTypes[s.edges[e * EF + edgeTypeAt!]!] === 'element')
        continue;
      const to = s.edges[e * EF + toAt!]! / NF;
      if (!type(to).includes('string')) continue;
      const script = name(i);
      const pkg =
        /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(script)?.[1] ??
        /dist\/agent\/([^/]+)/.exec(script)?.[1]?.replace(/^/, 'mwaa-agent ') ??
        (script.startsWith('node:') ? 'node:internal' : 'other');
      sources.set(pkg, (sources.get(pkg) ?? 0) + size(to));
    }
  /** How the retainer is reached from its dominator: the edge name, when the dominator has one to it. */
  const via = (i: number) => {
    let label = '';
    successors(idom[i]!, (to, e) => {
      if (to === i && !label) {
        const t = edgeTypes[s.edges[e * EF + edgeTypeAt!]!];
        const nameOrIndex = s.edges[e * EF + edgeNameAt!]!;
        label = t === 'element' || t === 'hidden' ? `[${nameOrIndex}]` : (s.strings[nameOrIndex] ?? '');
      }
    });
    return `${name(idom[i]!).slice(0, 40)}${label ? ` → ${label.slice(0, 40)}` : ''}`;
  };

  const lines = [`heap snapshot: ${MB(total)} in ${n.toLocaleString('en')} objects`, '  by category (self size):'];
  for (const [c, bytes] of [...byCategory].sort((a, b) => b[1] - a[1]))
    lines.push(`    ${MB(bytes).padStart(9)}  ${c}`);
  lines.push(`  top ${top} constructors/types (self size):`);
  for (const [k, c] of [...byConstructor].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, top))
    lines.push(`    ${MB(c.bytes).padStart(9)}  ${c.count.toString().padStart(8)} × ${k.slice(0, 80)}`);
  const sourceTotal = [...sources.values()].reduce((x, y) => x + y, 0);
  lines.push(`  module source text kept: ${MB(sourceTotal)}; largest by package:`);
  for (const [k, bytes] of [...sources].sort((a, b) => b[1] - a[1]).slice(0, 10))
    lines.push(`    ${MB(bytes).padStart(9)}  ${k}`);
  lines.push(`  top ${top} retainers (retained size; ← what holds it):`);
  for (const i of tops.slice(0, top))
    lines.push(`    ${MB(retained[i]!).padStart(9)}  ${type(i)} ${name(i).slice(0, 50)}  ← ${via(i)}`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(summariseHeapSnapshot(process.argv[2]!, 25));
