import type { FastifyInstance, FastifyReply } from 'fastify';
import { type StartupReport, startupInWords } from '../core/startup-progress.js';
import { ProblemError, type Problem } from './problem.js';

/** The readiness probe's path: no authentication, 200 once ready, 503 before (an HTTP probe needs no body parser). */
export const READY_PATH = '/mwaa-agent/ready';

/** Seconds a client is told to wait before asking again while the agent starts. */
export const RETRY_AFTER_S = 2;

/** What answers before the first parse: Airflow's health endpoints and the agent's own status and readiness. */
const OPEN_WHILE_STARTING = new Set([
  '/api/v1/health',
  '/api/v2/monitor/health',
  '/api/v1/mwaa-agent/status',
  '/api/v2/mwaa-agent/status',
]);

/** True for a path that needs the parsed DAG folder: every /api path but the ones above. */
export function waitsForFirstParse(path: string): boolean {
  const p = path.length > 1 ? path.replace(/\/$/, '') : path;
  return p.startsWith('/api/') && !OPEN_WHILE_STARTING.has(p);
}

export function notReadyDetail(r: StartupReport): string {
  return `mwaa-agent is starting (${startupInWords(r)}); the API answers once every DAG file is read. Retry after ${RETRY_AFTER_S} s, or watch ${READY_PATH}`;
}

/**
 * Before the first read of the DAG folder is done, `/api/…` answers 503 with `Retry-After` — Airflow's
 * problem shape on /api/v1, FastAPI's `{"detail": …}` on /api/v2 — instead of a partial DAG list that looks
 * complete; `/mwaa-agent/ready` is the readiness probe. Runs after authentication, so a bad password is still 401.
 */
export function registerReadiness(
  app: FastifyInstance,
  startup: () => StartupReport,
  sendProblem: (reply: FastifyReply, p: Problem) => FastifyReply,
): void {
  app.get(READY_PATH, async (_req, reply) => {
    const report = startup();
    if (!report.ready) reply.code(503).header('retry-after', String(RETRY_AFTER_S));
    return report;
  });
  app.addHook('preHandler', async (req, reply) => {
    const path = req.url.split('?')[0]!;
    if (!waitsForFirstParse(path)) return;
    const report = startup();
    if (report.ready) return;
    reply.header('retry-after', String(RETRY_AFTER_S));
    const detail = notReadyDetail(report);
    if (path.startsWith('/api/v2/')) return reply.code(503).type('application/json').send({ detail });
    return sendProblem(reply, new ProblemError(503, detail).problem);
  });
}
