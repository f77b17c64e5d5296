interface Waiter {
  grant: () => void;
}

interface Target {
  running: number;
  queue: Waiter[];
}

/**
 * At most `perTarget` commands in flight to one SSH target (host:port); the others wait their turn, first come
 * first served. A waiter whose signal aborts leaves the queue and rejects with the signal's reason.
 *
 * Why: every remote command is a session and a login shell on the target. Hundreds of triggers polling one
 * host at once start hundreds of shells there together; on a host that cannot run them in time every poll hits
 * its command timeout and every task fails, where the same polls queued finish one after another.
 */
export class TargetSlots {
  readonly #targets = new Map<string, Target>();

  constructor(readonly perTarget: number) {
    if (!Number.isInteger(perTarget) || perTarget < 1) throw new RangeError(`perTarget must be ≥ 1, got ${perTarget}`);
  }

  /** Runs `f` in a slot of `target`, waiting for one first. */
  async run<T>(target: string, signal: AbortSignal, f: () => Promise<T>): Promise<T> {
    const release = await this.acquire(target, signal);
    try {
      return await f();
    } finally {
      release();
    }
  }

  /** A slot of `target`; call the returned function (once) to give it back. */
  acquire(target: string, signal: AbortSignal): Promise<() => void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    const t = this.#targets.get(target) ?? { running: 0, queue: [] };
    this.#targets.set(target, t);
    if (t.running < this.perTarget) {
      t.running++;
      return Promise.resolve(this.#releaser(target, t));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          signal.removeEventListener('abort', onAbort);
          resolve(this.#releaser(target, t));
        },
      };
      const onAbort = (): void => {
        t.queue.splice(t.queue.indexOf(waiter), 1);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      t.queue.push(waiter);
    });
  }

  /** Commands in flight to `target` and commands waiting for it. */
  load(target: string): { running: number; waiting: number } {
    const t = this.#targets.get(target);
    return { running: t?.running ?? 0, waiting: t?.queue.length ?? 0 };
  }

  #releaser(target: string, t: Target): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = t.queue.shift();
      // The slot passes straight to the next waiter: `running` stays as it is.
      if (next) return next.grant();
      t.running--;
      if (t.running === 0) this.#targets.delete(target);
    };
  }
}
