import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { Clock } from '../core/clock.js';

/** The environment variable that marks every process a task starts (inherited through fork, setsid and nohup). */
export const TASK_COOKIE_VAR = 'MWAA_AGENT_TASK_COOKIE';

const POLL_MS = 100;

/** How a reap ended: processes gone after SIGTERM, and those that needed SIGKILL. */
export interface ReapResult {
  terminated: number[];
  killed: number[];
}

/**
 * Every process of one task: its process group and session (the leader is started detached, so both ids
 * are its pid) and, because `setsid`/`nohup … &` children leave both, every process whose environment
 * carries the task's cookie — Jenkins' ProcessTreeKiller technique. The scan reads `/proc`; elsewhere only
 * the process group is known. A process that clears its environment (`env -i`) and calls setsid escapes.
 */
export class TaskProcessTree {
  readonly cookie = randomBytes(12).toString('hex');
  #leader: number | null = null;

  /** The environment entry to give the leader. */
  get envEntry(): [string, string] {
    return [TASK_COOKIE_VAR, this.cookie];
  }

  /** The leader's pid: the task's process-group and session id. */
  get leader(): number | null {
    return this.#leader;
  }

  /** Records the leader's pid (the detached child: its pid is the process-group and session id). */
  setLeader(pid: number): void {
    this.#leader = pid;
  }

  /** Pids of the task's live processes (not zombies), the leader included while it lives. */
  members(): number[] {
    const leader = this.#leader;
    let entries: string[];
    try {
      entries = readdirSync('/proc');
    } catch {
      return leader !== null && alive(leader) ? [leader] : [];
    }
    const marker = Buffer.from(`${TASK_COOKIE_VAR}=${this.cookie}\0`);
    const out: number[] = [];
    for (const name of entries) {
      const pid = Number(name);
      if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) continue;
      const stat = readStat(pid);
      if (!stat || stat.state === 'Z') continue;
      if (leader !== null && (stat.pgid === leader || stat.sid === leader)) out.push(pid);
      else if (environContains(pid, marker)) out.push(pid);
    }
    return out;
  }

  /** Sends `signal` to every member; returns the pids signalled. */
  signal(signal: NodeJS.Signals): number[] {
    const pids = this.members();
    if (this.#leader !== null) {
      try {
        process.kill(-this.#leader, signal);
      } catch {
        // the group is gone; members found by session or cookie are signalled below
      }
    }
    for (const pid of pids) {
      try {
        process.kill(pid, signal);
      } catch {
        // exited meanwhile
      }
    }
    return pids;
  }

  /**
   * Airflow's `reap_process_group`: SIGTERM to every member, then SIGKILL to those still alive after
   * `graceMs` (`[core] killed_task_cleanup_time`). Resolves when none is left, or when `hurry` aborts
   * (the agent is exiting), which sends SIGKILL at once.
   */
  async reap(
    graceMs: number,
    clock: Clock,
    opts: { hurry?: AbortSignal; onSignal?: (signal: NodeJS.Signals, pids: number[]) => void } = {},
  ): Promise<ReapResult> {
    const { hurry, onSignal } = opts;
    const terminated = this.signal('SIGTERM');
    if (terminated.length === 0) return { terminated, killed: [] };
    onSignal?.('SIGTERM', terminated);
    const deadline = clock.now().getTime() + graceMs;
    while (clock.now().getTime() < deadline && !hurry?.aborted) {
      if (this.members().length === 0) return { terminated, killed: [] };
      const next = Math.min(deadline, clock.now().getTime() + POLL_MS);
      await clock.sleepUntil(new Date(next), hurry).catch(() => undefined);
    }
    const killed = this.signal('SIGKILL');
    if (killed.length > 0) onSignal?.('SIGKILL', killed);
    return { terminated: terminated.filter((p) => !killed.includes(p)), killed };
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Fields of `/proc/<pid>/stat` after the command name (which may hold spaces and parentheses). */
function readStat(pid: number): { state: string; pgid: number; sid: number } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return null;
  }
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: rest[0] ?? '', pgid: Number(rest[2]), sid: Number(rest[3]) };
}

function environContains(pid: number, marker: Buffer): boolean {
  try {
    const env = readFileSync(`/proc/${pid}/environ`);
    return env.indexOf(marker) === 0 || env.indexOf(Buffer.concat([Buffer.from([0]), marker])) >= 0;
  } catch {
    return false;
  }
}
