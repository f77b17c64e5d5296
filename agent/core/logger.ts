import { pino, type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  level?: string;
  /** Human-readable output (a terminal); JSON otherwise. */
  pretty?: boolean;
  /** Where to write; defaults to stderr (fd 2) so command output on stdout stays parseable. */
  destination?: number | string;
}

/**
 * The agent's own log: pino JSON, pretty on a terminal. Field names come from one vocabulary:
 * dagId, runId, taskId, tryNumber, s3Key, file, host, port, connId, durationMs.
 */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const level = opts.level ?? 'info';
  const destination = opts.destination ?? 2;
  if (opts.pretty) {
    return pino(
      { level, base: null },
      pino.transport({
        target: 'pino-pretty',
        options: { destination, colorize: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l' },
      }),
    );
  }
  return pino(
    { level, base: null, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ dest: destination, sync: true }),
  );
}

/** A logger that discards everything (tests that do not look at agent logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
