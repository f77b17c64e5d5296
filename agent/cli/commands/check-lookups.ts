import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../core/config.js';
import type { CheckInput } from '../../dags/check-verdict.js';

/** What `check` knows of the environment's connections and variables. */
export type CheckLookups = Pick<
  CheckInput,
  'isKnownConnection' | 'isKnownVariable' | 'keyFileExists' | 'connectionKeyFiles'
> & { close(): void };

/**
 * Connections and variables from the sources a check can read offline: the environment (`AIRFLOW_CONN_*`,
 * `AIRFLOW_VAR_*`) and the state folder's store when one exists. A secrets backend is not asked (a CI gate
 * must not need AWS credentials), so a connection kept only there is reported as unknown.
 */
export async function checkLookups(
  env: NodeJS.ProcessEnv,
  config: Readonly<Config>,
  dagsDir: string,
): Promise<CheckLookups> {
  const [{ connectionFromEnv, CONN_ENV_PREFIX, variableFromEnv }, { extraDejson }, { resolveMwaaPath }] =
    await Promise.all([
      import('../../connections/env-connections.js'),
      import('../../connections/connection-extra.js'),
      import('../../connections/mwaa-paths.js'),
    ]);
  // core/sqlite-database.ts's stateDatabasePath, without loading better-sqlite3 when there is no store.
  const state =
    config.stateUrl !== null || existsSync(join(config.stateDir, 'mwaa-agent.db'))
      ? await (await import('../../state/state-secrets.js')).openStateSecrets({
          stateDir: config.stateDir,
          fernetKey: config.fernetKey,
          stateUrl: config.stateUrl,
        })
      : null;
  const connections = [];
  for (const name of Object.keys(env)
    .filter((k) => k.startsWith(CONN_ENV_PREFIX))
    .sort()) {
    try {
      const c = connectionFromEnv(env, name.slice(CONN_ENV_PREFIX.length).toLowerCase());
      if (c) connections.push(c);
    } catch {
      // an unparsable connection is the connections commands' to report
    }
  }
  for (const c of state?.connections.list() ?? []) connections.push(c);
  const connectionKeyFiles = connections.flatMap((c) => {
    const keyFile = extraDejson(c.extra).key_file;
    return typeof keyFile === 'string' ? [{ connId: c.connId, keyFile }] : [];
  });
  return {
    isKnownConnection: (id) =>
      env[CONN_ENV_PREFIX + id.toUpperCase()] !== undefined || (state?.connections.get(id) ?? null) !== null,
    isKnownVariable: (key) => variableFromEnv(env, key) !== null || (state?.variables.get(key) ?? null) !== null,
    keyFileExists: (path) => existsSync(resolveMwaaPath(path, dagsDir)),
    connectionKeyFiles,
    close: () => state?.close(),
  };
}
