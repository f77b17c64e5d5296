import type { ResolvedConnection } from '../connections/connection.js';
import type { ConnectionLookup } from '../connections/connection-lookup.js';
import { PythonException } from '../python/exceptions.js';

/** A connection lookup a template can make synchronously (Jinja renders without awaiting). */
export interface SyncConnectionLookup {
  get(connId: string): ResolvedConnection;
}

/** Airflow Variables through every backend (secrets backend, environment, store); null when none has the key. */
export interface VariableLookup {
  find(key: string): Promise<string | null>;
}

/**
 * Thrown by a template's `conn.x`/`var.value.x` whose answer is not loaded yet; a Python exception class so
 * the Jinja layer passes it through unchanged. The attempt loads it and renders again.
 */
export class LookupPending extends PythonException {
  constructor(
    readonly kind: 'connection' | 'variable',
    readonly id: string,
  ) {
    super('mwaa_agent.LookupPending', `${kind} ${id} is being looked up`);
  }
}

/** Distinct lookups one render may make before the attempt stops trying (each costs a backend call). */
const MAX_LOOKUPS = 100;

/**
 * The connections and variables one attempt looks up, remembered for the attempt (Airflow asks its backends
 * once per use; a render may ask twice for the same name). Templates read them synchronously: a name not
 * loaded yet throws {@link LookupPending}, {@link renderWithLookups} loads it and renders again.
 */
export class AttemptLookups implements SyncConnectionLookup {
  readonly #connections: ConnectionLookup;
  readonly #variables: VariableLookup | null;
  readonly #conn = new Map<string, { ok: true; value: ResolvedConnection } | { ok: false; error: unknown }>();
  readonly #vars = new Map<string, string | null>();

  constructor(connections: ConnectionLookup, variables: VariableLookup | null) {
    this.#connections = connections;
    this.#variables = variables;
  }

  get hasVariables(): boolean {
    return this.#variables !== null;
  }

  get(connId: string): ResolvedConnection {
    const hit = this.#conn.get(connId);
    if (!hit) throw new LookupPending('connection', connId);
    if (!hit.ok) throw hit.error;
    return hit.value;
  }

  variable(key: string): string | undefined {
    if (!this.#vars.has(key)) throw new LookupPending('variable', key);
    return this.#vars.get(key) ?? undefined;
  }

  get loaded(): number {
    return this.#conn.size + this.#vars.size;
  }

  async load(pending: LookupPending): Promise<void> {
    if (pending.kind === 'variable') {
      this.#vars.set(pending.id, this.#variables ? await this.#variables.find(pending.id) : null);
      return;
    }
    try {
      this.#conn.set(pending.id, { ok: true, value: await this.#connections.get(pending.id) });
    } catch (error) {
      this.#conn.set(pending.id, { ok: false, error });
    }
  }
}

/** Runs a synchronous render, loading each lookup it waits for and running it again. */
export async function renderWithLookups<T>(lookups: AttemptLookups, render: () => T): Promise<T> {
  for (;;) {
    try {
      return render();
    } catch (e) {
      if (!(e instanceof LookupPending) || lookups.loaded >= MAX_LOOKUPS) throw e;
      await lookups.load(e);
    }
  }
}
