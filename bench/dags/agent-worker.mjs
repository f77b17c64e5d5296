// Parses a DAG folder with mwaa-agent's static reader (the compiled dist/) as an Airflow version (default
// 2.10.5) in a fresh process and prints
// {files, dags, importErrors, seconds, maxRssMb}. The parsed result is kept alive while RSS is read, so
// the figure is "holding every parsed DAG".
import { performance } from 'node:perf_hooks';

const [dir, now, airflowVersion = '2.10.5'] = process.argv.slice(2);
const { parseDagFolder } = await import(new URL('../../dist/agent/dags/dag-folder-parser.js', import.meta.url).href);
const started = performance.now();
const result = await parseDagFolder(dir, { clock: { now: () => new Date(now) }, airflowVersion });
const seconds = (performance.now() - started) / 1000;
globalThis.gc?.();
const maxRssMb = process.resourceUsage().maxRSS / 1024;
const rssNowMb = process.memoryUsage().rss / 1024 / 1024;
process.stdout.write(
  JSON.stringify({ dags: result.dags.length, importErrors: result.importErrors.length, seconds, maxRssMb, rssNowMb }),
);
