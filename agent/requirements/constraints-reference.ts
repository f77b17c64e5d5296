import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { splitPhysicalLines } from './pip-logical-lines.js';

/**
 * Where a `-c`/`--constraint` points and what it says about the environment.
 */

/**
 * MWAA's detection rule (amazon-mwaa-docker-images `user_requirements.py` `_requirements_has_constraints`):
 * any line matching `-c |--constraint ` counts, even a commented-out one (a deliberate opt-out).
 */
export const MWAA_CONSTRAINT_RE = /-c |--constraint /;

export function mwaaSeesConstraints(text: string): boolean {
  return splitPhysicalLines(text).some((line) => MWAA_CONSTRAINT_RE.test(line));
}

/** `…/constraints-2.2.2/constraints-3.7.txt` (also the `no-providers`/`source-providers` variants). */
const VERSIONS_RE =
  /constraints-(\d+\.\d+\.\d+)\/constraints-(?:no-providers-|source-providers-)?(\d+\.\d+)\.txt(?:[?#].*)?$/;

export function versionsFromConstraintsLocation(location: string): { airflow: string; python: string } | null {
  const m = VERSIONS_RE.exec(location);
  return m ? { airflow: m[1]!, python: m[2]! } : null;
}

/** A custom constraints file name such as `constraints-3.11-updated.txt` still names its Python. */
export function pythonFromFileName(location: string): string | null {
  return /constraints-(\d\.\d+)\b/.exec(location.split('/').pop() ?? '')?.[1] ?? null;
}

export function isUrl(location: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location);
}

/** Container folders MWAA fills from the bucket, and the local folders that mirror them. */
export interface PathRoots {
  dagsDir: string;
  /** Folder holding the environment's requirements.txt. */
  requirementsDir: string;
  /** The plugins folder (`/usr/local/airflow/plugins`, where plugins.zip is unpacked), when there is one. */
  pluginsDir?: string;
}

const CONTAINER_DAGS = '/usr/local/airflow/dags/';
const CONTAINER_REQUIREMENTS = '/usr/local/airflow/requirements/';
const CONTAINER_PLUGINS = '/usr/local/airflow/plugins';

export type LocalPath = { ok: true; path: string } | { ok: false; message: string };

/**
 * Maps a path written in a requirements file to the local file it means: container paths under
 * `/usr/local/airflow/dags/` to the mirrored DAG folder, relative paths against the including file (pip's
 * rule). The result must stay inside the DAG folder or the requirements folder: a requirements file from a
 * bucket must not make the agent read (and echo in diagnostics) any other local file.
 */
export function toLocalPath(written: string, includingFile: string, roots: PathRoots): LocalPath {
  let candidate: string;
  if (written.startsWith(CONTAINER_DAGS)) candidate = join(roots.dagsDir, written.slice(CONTAINER_DAGS.length));
  else if (written.startsWith(CONTAINER_REQUIREMENTS))
    candidate = join(roots.requirementsDir, written.slice(CONTAINER_REQUIREMENTS.length));
  else if (roots.pluginsDir && (written === CONTAINER_PLUGINS || written.startsWith(`${CONTAINER_PLUGINS}/`)))
    candidate = join(roots.pluginsDir, written.slice(CONTAINER_PLUGINS.length));
  else if (written.startsWith('file://'))
    return toLocalPath(decodeURIComponent(written.slice('file://'.length)), includingFile, roots);
  else if (isAbsolute(written)) {
    return {
      ok: false,
      message: `${written} is not a path mwaa-agent can map; use /usr/local/airflow/dags/… (the DAG folder), /usr/local/airflow/plugins or a path relative to the requirements file`,
    };
  } else candidate = resolve(includingFile, '..', written);
  const inside = [roots.dagsDir, roots.requirementsDir, roots.pluginsDir].some((d) => d && isInside(candidate, d));
  if (!inside) {
    return {
      ok: false,
      message: `${written} is outside the DAG folder${roots.pluginsDir ? ', the plugins folder' : ''} and the requirements folder; mwaa-agent reads only those`,
    };
  }
  return { ok: true, path: candidate };
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(resolve(dir), resolve(path));
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}
