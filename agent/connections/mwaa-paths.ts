import { isAbsolute, join, normalize, relative, sep } from 'node:path';

/** Where MWAA's workers see the bucket's `dags/` prefix. */
export const MWAA_DAGS_FOLDER = '/usr/local/airflow/dags';

/**
 * Maps a path written for MWAA (a connection's `key_file`, say) to the local DAG folder: a path under
 * `/usr/local/airflow/dags/` becomes the same relative path under `dagsDir`, so the guide's extra
 * `{"key_file": "/usr/local/airflow/dags/your-secret-key.pem"}` works unchanged. Any other path is
 * returned as given; a path that would leave the DAG folder (`..`) is returned unmapped.
 */
export function resolveMwaaPath(path: string, dagsDir: string): string {
  const normalized = normalize(path);
  if (normalized !== MWAA_DAGS_FOLDER && !normalized.startsWith(MWAA_DAGS_FOLDER + '/')) return path;
  const local = join(dagsDir, relative(MWAA_DAGS_FOLDER, normalized));
  const inside = relative(dagsDir, local);
  return inside.startsWith('..' + sep) || inside === '..' || isAbsolute(inside) ? path : local;
}
