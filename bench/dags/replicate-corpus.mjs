// Builds the benchmarks' 1,000-file DAG folder: the files of a corpus that load cleanly (and name their DAGs with
// literals) replicated into `count` files with unique dag_ids, 100 to a sub-folder. Shared by bench/dags (parsing)
// and bench/api (the DAG list beside Airflow's webserver), so both measure the same folder.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Replicates `corpus` (read as `airflowVersion` at `now`) into `count` files; returns the new folder. */
export async function replicateCorpus(corpus, { airflowVersion, now, count }) {
  const { parseDagFolder } = await import(new URL('../../dist/agent/dags/dag-folder-parser.js', import.meta.url).href);
  const parsed = await parseDagFolder(corpus, { clock: { now: () => new Date(now) }, airflowVersion });
  const broken = new Set(parsed.importErrors.map((e) => e.filename));
  const byFile = new Map();
  for (const d of parsed.dags) byFile.set(d.relativeFileloc, [...(byFile.get(d.relativeFileloc) ?? []), d.dagId]);
  const templates = [];
  for (const [file, ids] of byFile) {
    if (broken.has(file) || file.startsWith('err_')) continue; // err_* import packages that do not exist
    const source = readFileSync(join(corpus, file), 'utf8');
    if (ids.every((id) => source.includes(`"${id}"`))) templates.push({ file, ids, source });
  }
  const dir = mkdtempSync(join(tmpdir(), 'dag-bench-'));
  for (let i = 0; i < count; i++) {
    const t = templates[i % templates.length];
    let source = t.source;
    for (const id of t.ids) source = source.split(`"${id}"`).join(`"${id}_${i}"`);
    const sub = join(dir, `batch_${Math.floor(i / 100)}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `${i}_${t.file.replace(/\//g, '_')}`), source);
  }
  return dir;
}
