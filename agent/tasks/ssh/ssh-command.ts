import type { Client as Ssh2Client, ClientChannel } from 'ssh2';
import { HookError } from './ssh-errors.js';

export interface CommandSpec {
  command: string;
  getPty: boolean;
  environment: Record<string, string> | null;
  /** Seconds without any output or event before "SSH command timed out"; null = wait forever. */
  timeoutS: number | null;
  onStdout(chunk: Buffer): void;
  onStderr(chunk: Buffer): void;
  /** Bytes of stdout (and of stderr) kept for the result; later chunks are still passed to the callbacks. */
  maxKeptBytes?: number | null;
}

export interface CommandResult {
  /** The remote exit status; -1 when the command died of a signal (paramiko's recv_exit_status). */
  exitStatus: number;
  stdout: Buffer;
  stderr: Buffer;
}

/** The server would not open another session on this connection (sshd MaxSessions). */
export class ChannelRefused extends Error {}

/**
 * Opens the session and calls `attach` synchronously inside ssh2's exec callback: the server's reply,
 * output, exit-status and close can arrive in the same read, and an `exit` emitted before listeners are
 * attached would be lost.
 */
function openChannel(client: Ssh2Client, spec: CommandSpec, attach: (stream: ClientChannel) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    // paramiko's get_pty defaults: term vt100, 80x24.
    const pty = spec.getPty ? { term: 'vt100', cols: 80, rows: 24 } : false;
    const opts = spec.environment ? { pty, env: spec.environment } : { pty };
    try {
      client.exec(spec.command, opts as never, (err, stream) => {
        if (!err) {
          attach(stream);
          return resolve();
        }
        if (/open failed|Channel open failure|administratively prohibited/i.test(err.message))
          reject(new ChannelRefused(err.message));
        else reject(err);
      });
    } catch (e) {
      reject(
        e instanceof Error && /No response from server|Not connected/i.test(e.message)
          ? new ChannelRefused(e.message)
          : e,
      );
    }
  });
}

/**
 * The hook's `exec_ssh_client_command`: exec, close stdin, collect and hand on output as it arrives,
 * and fail with "SSH command timed out" after `timeoutS` of silence (an inactivity timeout, like the
 * provider's `select` loop). On abort the channel is closed and the signal's reason is thrown.
 */
export async function runSshCommand(
  client: Ssh2Client,
  spec: CommandSpec,
  signal: AbortSignal,
): Promise<CommandResult> {
  if (signal.aborted) throw signal.reason;
  let attach!: (stream: ClientChannel) => void;
  const result = new Promise<CommandResult>((resolve, reject) => {
    attach = (stream) => collect(stream, spec, signal, resolve, reject);
  });
  await openChannel(client, spec, attach);
  return result;
}

function collect(
  stream: ClientChannel,
  spec: CommandSpec,
  signal: AbortSignal,
  resolve: (r: CommandResult) => void,
  reject: (e: unknown) => void,
): void {
  const stdout = new KeptOutput(spec.maxKeptBytes ?? null);
  const stderr = new KeptOutput(spec.maxKeptBytes ?? null);
  let exitStatus: number | null = null;
  let timer: NodeJS.Timeout | null = null;
  let settled = false;
  const finish = (e: unknown, result?: CommandResult): void => {
    if (settled) return;
    settled = true;
    if (timer) clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
    if (e) {
      stream.close();
      reject(e);
    } else resolve(result!);
  };
  const arm = (): void => {
    if (spec.timeoutS === null) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => finish(new HookError('SSH_TIMEOUT', 'SSH command timed out')), spec.timeoutS * 1000);
  };
  const onAbort = (): void => finish(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  // Aborted while the channel was opening: the event has already fired.
  if (signal.aborted) return finish(signal.reason);
  arm();
  stream.on('data', (chunk: Buffer) => {
    arm();
    stdout.push(chunk);
    spec.onStdout(chunk);
  });
  stream.stderr.on('data', (chunk: Buffer) => {
    arm();
    stderr.push(chunk);
    spec.onStderr(chunk);
  });
  stream.on('exit', (code: number | null) => {
    arm();
    exitStatus = typeof code === 'number' ? code : -1;
  });
  stream.on('close', () =>
    finish(null, { exitStatus: exitStatus ?? -1, stdout: stdout.bytes(), stderr: stderr.bytes() }),
  );
  stream.end();
}

/** The first `max` bytes of a stream (all of it when `max` is null): a command printing gigabytes costs no memory. */
class KeptOutput {
  readonly #chunks: Buffer[] = [];
  #size = 0;

  constructor(readonly max: number | null) {}

  push(chunk: Buffer): void {
    const room = this.max === null ? chunk.length : Math.min(chunk.length, this.max - this.#size);
    if (room <= 0) return;
    this.#chunks.push(room === chunk.length ? chunk : chunk.subarray(0, room));
    this.#size += room;
  }

  bytes(): Buffer {
    return Buffer.concat(this.#chunks);
  }
}
