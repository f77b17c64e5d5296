import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from '../../core/logger.js';
import { refusal, registerAuthRoutes, registerLoginRedirects, requestToken } from './auth-routes.js';
import { registerDagRoutes } from './dag-routes.js';
import { registerDagRunRoutes } from './dag-run-routes.js';
import { registerConnectionRoutes } from './connection-routes.js';
import { useFastApiHandling } from './fastapi-handling.js';
import { registerLogRoutes } from './log-routes.js';
import { registerMonitorRoutes } from './monitor-routes.js';
import { registerPoolRoutes } from './pool-routes.js';
import { registerTaskInstanceRoutes } from './task-instance-routes.js';
import { HttpError } from './validation-error.js';
import type { V2Deps } from './v2-deps.js';
import { registerVariableRoutes } from './variable-routes.js';
import { registerXcomRoutes } from './xcom-routes.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The user named by the request's token (/api/v2 only). */
    tokenUser?: string;
  }
}

/** Routes of /api/v2 that need no token (Airflow 3's public router outside the authenticated one). */
const PUBLIC = new Set(['/api/v2/monitor/health', '/api/v2/version', '/api/v2/auth/login', '/api/v2/auth/logout']);

/** Roles of the simple auth manager allowed to change things; the others may only read (GET). */
const WRITERS = new Set(['admin']);

/**
 * Airflow 3's REST API: `/auth/token` (the simple auth manager) and `/api/v2` behind a bearer token. The token is
 * checked after the body is read, as FastAPI resolves the request body before the route's dependencies: a
 * malformed JSON body is a 422 even without a token.
 */
export function registerApiV2(app: FastifyInstance, deps: V2Deps, log: Logger, startedAt: () => string | null): void {
  app.register(
    async (auth) => {
      useFastApiHandling(auth, log, { notFound: { detail: 'Not Found' } });
      registerAuthRoutes(auth, deps);
    },
    { prefix: '/auth' },
  );

  app.register(
    async (v2) => {
      useFastApiHandling(v2, log, { notFound: { error: 'API route not found' } });
      v2.addHook('preValidation', async (req: FastifyRequest) => {
        if (PUBLIC.has(req.url.split('?')[0]!.replace(/\/$/, ''))) return;
        const check = await deps.tokens.check(requestToken(req));
        if (!check.ok) throw refusal(check);
        req.tokenUser = check.user.username;
        if (req.method !== 'GET' && req.method !== 'HEAD' && !WRITERS.has(check.user.role.toLowerCase()))
          throw new HttpError(403, 'Forbidden');
      });
      registerLoginRedirects(v2);
      registerMonitorRoutes(v2, deps, startedAt);
      registerDagRoutes(v2, deps);
      registerDagRunRoutes(v2, deps);
      registerTaskInstanceRoutes(v2, deps);
      registerLogRoutes(v2, deps);
      registerXcomRoutes(v2, deps);
      registerConnectionRoutes(v2, deps);
      registerVariableRoutes(v2, deps);
      registerPoolRoutes(v2, deps);
    },
    { prefix: '/api/v2' },
  );
}
