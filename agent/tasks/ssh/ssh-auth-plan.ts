import type { AuthenticationType, AnyAuthMethod, ParsedKey } from 'ssh2';

/** One method paramiko's `SSHClient._auth` would try, in its order. */
export type AuthAttempt =
  | { method: 'publickey'; key: ParsedKey }
  | { method: 'agent'; socket: string }
  | { method: 'password'; password: string }
  /** A key class that could not load the key file: nothing is sent, paramiko saves the exception. */
  | { method: 'unloadable'; error: string; pythonClass: string };

/** The exception paramiko raises when no method authenticated: the last one it saved. */
export interface SavedAuthError {
  message: string;
  pythonClass: string;
}

const AUTH_FAILED: SavedAuthError = {
  message: 'Authentication failed.',
  pythonClass: 'paramiko.ssh_exception.AuthenticationException',
};

/**
 * paramiko's order: the given key (pkey / key_filename), agent keys, `~/.ssh/id_*` when look_for_keys,
 * then the password. `paramiko.transport`'s "Authentication (<method>) successful!/failed." lines come
 * from this sequence.
 */
export class AuthSequence {
  #next = 0;
  #current: AuthAttempt | null = null;
  #label = '';
  #saved: SavedAuthError | null = null;
  constructor(
    private readonly username: string,
    private readonly attempts: AuthAttempt[],
    /** Receives paramiko's INFO lines ("Authentication (publickey) failed."). */
    private readonly onLine: (message: string) => void,
  ) {}

  get current(): AuthAttempt | null {
    return this.#current;
  }

  /**
   * What paramiko raises when every method failed: the last exception it saved (a refused attempt is
   * "Authentication failed.", a key class that could not load the file its own error), or null when nothing
   * was tried ("No authentication methods available").
   */
  get savedError(): SavedAuthError | null {
    return this.#saved;
  }

  /** paramiko's name for the method in progress (agent keys are publickey auth too). */
  get label(): string {
    return this.#label;
  }

  /** ssh2's authHandler: called first, and again after each failed attempt. */
  handler = (
    methodsLeft: AuthenticationType[] | null,
    _partial: boolean,
    next: (m: AnyAuthMethod | false) => void,
  ): void => {
    if (this.#current) {
      this.onLine(`Authentication (${this.#label}) failed.`);
      this.#saved = AUTH_FAILED;
      this.#current = null;
    }
    while (this.#next < this.attempts.length) {
      const a = this.attempts[this.#next++]!;
      if (a.method === 'unloadable') {
        this.#saved = { message: a.error, pythonClass: a.pythonClass };
        continue;
      }
      const method = a.method === 'agent' ? 'publickey' : a.method;
      // paramiko falls back to keyboard-interactive when the server refuses plain password auth.
      if (
        a.method === 'password' &&
        methodsLeft &&
        !methodsLeft.includes('password') &&
        methodsLeft.includes('keyboard-interactive')
      ) {
        this.#current = a;
        this.#label = 'keyboard-interactive';
        next({
          type: 'keyboard-interactive',
          username: this.username,
          prompt: (_n, _i, _l, prompts, finish) => finish(prompts.map(() => a.password)),
        });
        return;
      }
      if (methodsLeft && !methodsLeft.includes(method)) continue;
      this.#current = a;
      this.#label = method;
      if (a.method === 'publickey') next({ type: 'publickey', username: this.username, key: a.key });
      else if (a.method === 'agent') next({ type: 'agent', username: this.username, agent: a.socket });
      else next({ type: 'password', username: this.username, password: a.password });
      return;
    }
    this.#current = null;
    next(false);
  };
}
