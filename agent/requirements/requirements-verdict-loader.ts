import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { RequirementsVerdict } from './requirements-verdict.js';
import { walkRequirementsFile } from './requirements-file-walker.js';
import { evaluateRequirements } from './requirements-evaluator.js';
import { ConstraintsCache } from './constraints-cache.js';
import { isUrl, type PathRoots, toLocalPath, versionsFromConstraintsLocation } from './constraints-reference.js';
import { FindLinksIndex } from './find-links-index.js';
import { findMwaaVersion, shippedPins } from '../airflow/mwaa-versions.js';
import type { ConstraintsContent } from './constraints-content.js';

export interface LoadVerdictOptions {
  requirementsFile: string;
  /** The mirrored DAG folder: `/usr/local/airflow/dags/…` paths resolve here. */
  dagsDir: string;
  /** The plugins folder: `--find-links /usr/local/airflow/plugins` lists it. */
  pluginsDir?: string;
  /**
   * Listings of `--find-links` folders; refresh a folder first for its wheels' dependencies to count
   * (otherwise only file names are read).
   */
  findLinks?: FindLinksIndex;
  /** Holds the constraints cache (`<state>/constraints/`). */
  stateDir: string;
  /** For `${VAR}` expansion (pip's rule); defaults to none set. */
  env?: NodeJS.ProcessEnv;
  /** Reads a file's bytes; defaults to fs.readFileSync (tests inject). */
  readFile?: (path: string) => Uint8Array;
  /** The environment's Airflow version setting (`--airflow-version`), or null/absent. */
  airflowVersion?: string | null;
}

/**
 * Reads the environment's requirements.txt and decides what MWAA would make of it. Synchronous and
 * offline: constraints content comes from the state folder's cache when a fetch stored it, else from the
 * table shipped with the agent. A missing file means no requirements (the setting's Airflow, else MWAA's
 * default). Never throws on any file content.
 */
export function loadRequirementsVerdict(opts: LoadVerdictOptions): RequirementsVerdict {
  const file = resolve(opts.requirementsFile);
  const cache = new ConstraintsCache({ stateDir: opts.stateDir });
  const env = opts.env ?? {};
  const roots = {
    dagsDir: resolve(opts.dagsDir),
    requirementsDir: dirname(file),
    ...(opts.pluginsDir ? { pluginsDir: resolve(opts.pluginsDir) } : {}),
  };
  const index = opts.findLinks ?? new FindLinksIndex();
  const walk = walkRequirementsFile(file, {
    roots,
    env,
    readFile: opts.readFile ?? ((p) => readFileSync(p)),
  });
  return evaluateRequirements(file, walk, {
    env,
    airflowVersion: opts.airflowVersion,
    constraintsFor: (url) => offlineConstraints(url, cache),
    findLinks: (location, includingFile) => {
      const local = findLinksFolder(location, includingFile, roots);
      return local ? index.folder(local) : null;
    },
  });
}

/**
 * Reads the dependencies of the wheels in every local `--find-links` folder of the requirements file (async:
 * wheels are zips), into `index` (a new one by default), for {@link loadRequirementsVerdict} to use.
 */
export async function refreshFindLinks(
  opts: LoadVerdictOptions,
  index = opts.findLinks ?? new FindLinksIndex(),
): Promise<FindLinksIndex> {
  const file = resolve(opts.requirementsFile);
  const roots = {
    dagsDir: resolve(opts.dagsDir),
    requirementsDir: dirname(file),
    ...(opts.pluginsDir ? { pluginsDir: resolve(opts.pluginsDir) } : {}),
  };
  const walk = walkRequirementsFile(file, {
    roots,
    env: opts.env ?? {},
    readFile: opts.readFile ?? ((p) => readFileSync(p)),
  });
  for (const link of walk.options.findLinks) {
    const folder = findLinksFolder(link.value, link.file, roots);
    if (folder) await index.refresh(folder);
  }
  return index;
}

/** The local folder a `--find-links` value means, or null (a URL, a path outside the environment's folders). */
export function findLinksFolder(location: string, includingFile: string, roots: PathRoots): string | null {
  if (isUrl(location) && !location.startsWith('file://')) return null;
  const local = toLocalPath(location, includingFile, roots);
  return local.ok ? local.path : null;
}

/** Cached content first (complete), else the shipped pins for the URL's version (partial). */
export function offlineConstraints(
  url: string,
  cache: ConstraintsCache,
): { content: ConstraintsContent; origin: 'cache' | 'table' } | null {
  const cached = cache.read(url);
  if (cached) return { content: cached, origin: 'cache' };
  const versions = versionsFromConstraintsLocation(url);
  const known = versions ? findMwaaVersion(versions.airflow, versions.python) : undefined;
  if (!known) return null;
  return { content: { pins: shippedPins(known), airflowVersion: known.airflow }, origin: 'table' };
}
