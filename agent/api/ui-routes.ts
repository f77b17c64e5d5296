import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';

const ASSETS: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'lib.js': 'text/javascript; charset=utf-8',
  'airflow-api.js': 'text/javascript; charset=utf-8',
  'dag-page.js': 'text/javascript; charset=utf-8',
  'graph.js': 'text/javascript; charset=utf-8',
  'login.js': 'text/javascript; charset=utf-8',
  'admin-pages.js': 'text/javascript; charset=utf-8',
  'connections.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};

/**
 * The web UI: static files next to this module (copied into dist by the build), behind basic auth on 2.x; on 3.x
 * they are public and the page signs in for a token, as Airflow 3's UI does.
 */
export function registerUiRoutes(app: FastifyInstance): void {
  const dir = new URL('./ui/', import.meta.url);
  const send = (name: string) => async (_req: unknown, reply: import('fastify').FastifyReply) =>
    reply
      .type(ASSETS[name]!)
      .header('cache-control', 'no-cache')
      .send(await readFile(new URL(name, dir)));
  app.get('/', send('index.html'));
  app.get('/home', send('index.html'));
  for (const name of Object.keys(ASSETS)) app.get(`/ui/${name}`, send(name));
}
