import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { RequirementsVerdict } from './requirements-verdict.js';
import { walkRequirementsFile } from './requirements-file-walker.js';
import { evaluateRequirements } from './requirements-evaluator.js';
import { ConstraintsCache } from './constraints-cache.js';
import { versionsFromConstraintsLocation } from './constraints-reference.js';
import { findMwaaVersion, shippedPins } from '../airflow/mwaa-versions.js';
import type { ConstraintsContent } from './constraints-content.js';

export interface LoadVerdictOptions {
  requirementsFile: string;
  /** The mirrored DAG folder: `/usr/local/airflow/dags/…` paths resolve here. */
  dagsDir: string;
  /** Holds the constraints cache (`<state>/constraints/`). */
  stateDir: string;
  /** For `${VAR}` expansion (pip's rule); defaults to none set. */
  env?: NodeJS.ProcessEnv;
  /** Reads a file's bytes; defaults to fs.readFileSync (tests inject). */
  readFile?: (path: string) => Uint8Array;
}

/**
 * Reads the environment's requirements.txt and decides what MWAA would make of it. Synchronous and
 * offline: constraints content comes from the state folder's cache when a fetch stored it, else from the
 * table shipped with the agent. A missing file means no requirements (Airflow 2.10.3 / Python 3.11).
 * Never throws on any file content.
 */
export function loadRequirementsVerdict(opts: LoadVerdictOptions): RequirementsVerdict {
  const file = resolve(opts.requirementsFile);
  const cache = new ConstraintsCache({ stateDir: opts.stateDir });
  const env = opts.env ?? {};
  const walk = walkRequirementsFile(file, {
    roots: { dagsDir: resolve(opts.dagsDir), requirementsDir: dirname(file) },
    env,
    readFile: opts.readFile ?? ((p) => readFileSync(p)),
  });
  return evaluateRequirements(file, walk, { env, constraintsFor: (url) => offlineConstraints(url, cache) });
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
