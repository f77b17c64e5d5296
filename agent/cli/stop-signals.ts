import type { Service } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';

const STOP_GRACE_MS = 10_000;

/**
 * SIGINT/SIGTERM stop `service` (exit 1 if it has not stopped after a grace period); a second signal exits at
 * once. Returns what removes the handlers. The only place signals are handled, for every long-running command.
 */
export function stopOnSignals(service: Service, log: Logger): () => void {
  let signalled = false;
  const onSignal = (sig: NodeJS.Signals) => {
    if (signalled) {
      log.warn({ signal: sig }, 'second signal: exiting now');
      process.exit(sig === 'SIGINT' ? 130 : 143);
    }
    signalled = true;
    log.info({ signal: sig }, 'stopping');
    const timer = setTimeout(() => {
      log.error({ graceMs: STOP_GRACE_MS }, 'did not stop in time; exiting');
      process.exit(1);
    }, STOP_GRACE_MS);
    timer.unref();
    service.stop().catch(() => undefined); // each failing stop step is logged by the service
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
