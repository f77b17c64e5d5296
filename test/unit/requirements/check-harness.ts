import { loadRequirementsVerdict } from '../../../agent/requirements/requirements-verdict-loader.js';
import type { RequirementsVerdict } from '../../../agent/requirements/requirements-verdict.js';

/** In-memory files under /env: requirements in /env/requirements, the DAG folder in /env/dags. */
export const REQ = '/env/requirements/requirements.txt';

export function check(
  files: Record<string, string | Uint8Array>,
  env: Record<string, string> = {},
  /** The environment's `--airflow-version` setting. */
  airflowVersion: string | null = null,
): RequirementsVerdict {
  return loadRequirementsVerdict({
    requirementsFile: REQ,
    dagsDir: '/env/dags',
    stateDir: '/env/state-that-does-not-exist',
    env,
    airflowVersion,
    readFile: (path) => {
      const content = files[path];
      if (content === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return typeof content === 'string' ? new TextEncoder().encode(content) : content;
    },
  });
}

/** `LINE: severity: message` per diagnostic (file omitted when it is the top file). */
export function lines(v: RequirementsVerdict): string[] {
  return v.diagnostics.map((d) => `${d.file === REQ ? '' : d.file + ':'}${d.line}: ${d.severity}: ${d.message}`);
}
