import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Duplex } from 'node:stream';
import { split } from 'shlex';
import { HookError } from './ssh-errors.js';

/** How long a proxy gets to end after SIGTERM before it is killed. */
const KILL_AFTER_MS = 2_000;

/**
 * paramiko's `ProxyCommand`: the `host_proxy_cmd` split as `shlex.split` does and run without a shell, the
 * SSH stream going through its stdin/stdout (`ssh -W %h:%p jump`, `nc host port`). As in the provider, one
 * process serves every connect attempt of a hook: after a failed attempt it is terminated (paramiko's
 * transport close sends SIGTERM), and a later attempt finds it gone ("Broken pipe").
 */
export class ProxyCommand {
  #exited = false;

  private constructor(
    readonly argv: string[],
    private readonly child: ChildProcessWithoutNullStreams,
  ) {
    child.once('exit', () => {
      this.#exited = true;
    });
    // Writes after the process is gone fail with EPIPE; the connect attempt reports it.
    child.stdin.on('error', () => undefined);
    // paramiko leaves the proxy's stderr in a pipe nobody reads; it is drained here so it can never block.
    child.stderr.resume();
  }

  /** Starts the command; a program that cannot be run is Popen's OSError, as paramiko raises it. */
  static async start(commandLine: string): Promise<ProxyCommand> {
    const argv = split(commandLine);
    if (argv.length === 0)
      throw new HookError('SSH_CONNECT_FAILED', 'list index out of range', { pythonClass: 'IndexError' });
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      await once(child, 'spawn');
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const [errno, text, cls] =
        err.code === 'EACCES'
          ? [13, 'Permission denied', 'PermissionError']
          : [2, 'No such file or directory', 'FileNotFoundError'];
      throw new HookError('SSH_CONNECT_FAILED', `[Errno ${errno}] ${text}: '${argv[0]}'`, {
        cause: e,
        pythonClass: cls,
      });
    }
    return new ProxyCommand(argv, child);
  }

  /** True once the process has ended (it exited, or a failed attempt terminated it). */
  get exited(): boolean {
    return this.#exited || this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** The stream an SSH client talks through: the process's stdin and stdout. */
  stream(): Duplex {
    return Duplex.from({ readable: this.child.stdout, writable: this.child.stdin });
  }

  /** paramiko's ProxyCommandFailure when the process is gone: `ProxyCommand("<argv>") returned …`. */
  brokenPipe(cause?: unknown): HookError {
    return new HookError(
      'SSH_CONNECT_FAILED',
      `ProxyCommand("${this.argv.join(' ')}") returned nonzero exit status: Broken pipe`,
      { cause, pythonClass: 'paramiko.ssh_exception.ProxyCommandFailure' },
    );
  }

  /** SIGTERM (paramiko's close), then SIGKILL if it has not ended: nothing is left running. */
  close(): void {
    if (this.exited) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => {
      if (!this.exited) this.child.kill('SIGKILL');
    }, KILL_AFTER_MS);
    timer.unref();
    this.child.once('exit', () => clearTimeout(timer));
  }
}
