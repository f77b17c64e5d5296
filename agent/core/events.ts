import { EventEmitter } from 'node:events';

/**
 * Typed agent events: observability, and the way tests wait (a test awaits an event, it never sleeps).
 * Payloads carry ids and summaries only, so every stage can emit them without importing downstream types.
 */
export interface AgentEventMap {
  'sync:completed': {
    added: number;
    updated: number;
    deleted: number;
    skipped: number;
    objects: number;
    bytes: number;
    durationMs: number;
    /** DAG-folder paths (relative) written or removed by this cycle and not already sent in `sync:written`. */
    changedPaths: string[];
    requirementsChanged: boolean;
    /** The plugins folder was unpacked anew from plugins.zip. */
    pluginsChanged: boolean;
    /** The startup script changed in the bucket (it runs at the next start, as MWAA runs it on an update). */
    startupScriptChanged: boolean;
  };
  /**
   * New and changed files a poll wrote while the rest of its listing was still arriving (steady state only);
   * the cycle's `sync:completed` then names only the paths not sent here, deletes among them.
   */
  'sync:written': { added: number; updated: number; changedPaths: string[] };
  'sync:failed': { error: string; code?: string; attempt: number; nextRetryMs: number };
  /** Files under a watched folder changed (chokidar); paths relative to `dir`. */
  'folder:changed': { dir: string; paths: string[] };
  'requirements:changed': { airflowVersion: string; pythonVersion: string; connectionTypes: string[]; ok: boolean };
  'dags:parsed': { dagIds: string[]; importErrors: number; files: number; durationMs: number };
  'run:created': { dagId: string; runId: string; runType: string };
  /** An asset event was recorded (a task with outlets succeeded, or the API made one); `queuedFor` its consumers. */
  'asset:event': { eventId: number; name: string; uri: string; queuedFor: string[] };
  'run:started': { dagId: string; runId: string };
  'run:finished': { dagId: string; runId: string; state: string };
  'task:started': { dagId: string; runId: string; taskId: string; tryNumber: number };
  'task:finished': { dagId: string; runId: string; taskId: string; tryNumber: number; state: string };
}

export type AgentEventName = keyof AgentEventMap;

export class EventBus {
  readonly #emitter = new EventEmitter({ captureRejections: false });

  constructor() {
    this.#emitter.setMaxListeners(0);
  }

  emit<K extends AgentEventName>(name: K, payload: AgentEventMap[K]): void {
    this.#emitter.emit(name, payload);
  }

  on<K extends AgentEventName>(name: K, listener: (payload: AgentEventMap[K]) => void): () => void {
    this.#emitter.on(name, listener);
    return () => this.#emitter.off(name, listener);
  }

  /**
   * Resolves with the first event `name` whose payload satisfies `match`. Rejects after `timeoutMs`
   * (tests use this instead of sleeping). One listener stays registered until then, so events emitted in
   * the same synchronous burst are all seen.
   */
  waitFor<K extends AgentEventName>(
    name: K,
    match: (payload: AgentEventMap[K]) => boolean = () => true,
    timeoutMs = 30_000,
  ): Promise<AgentEventMap[K]> {
    return new Promise((resolve, reject) => {
      const off = this.on(name, (payload) => {
        if (!match(payload)) return;
        off();
        clearTimeout(timer);
        resolve(payload);
      });
      const timer = setTimeout(() => {
        off();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for event ${name}`));
      }, timeoutMs);
    });
  }
}
