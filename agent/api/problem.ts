import type { FastifyReply } from 'fastify';

/**
 * Airflow's `get_docs_url("stable-rest-api-ref.html")` (airflow/utils/docs.py): the reference of the Airflow
 * version that answers, so each problem's `type` links the environment's own version.
 */
export const problemDocsBase = (airflowVersion: string) =>
  `https://airflow.apache.org/docs/apache-airflow/${airflowVersion}/stable-rest-api-ref.html#section/Errors/`;

const TYPES: Record<number, { type: string; title: string }> = {
  400: { type: 'BadRequest', title: 'Bad Request' },
  401: { type: 'Unauthenticated', title: 'Unauthorized' },
  403: { type: 'PermissionDenied', title: 'Forbidden' },
  404: { type: 'NotFound', title: 'Not Found' },
  405: { type: 'MethodNotAllowed', title: 'Method Not Allowed' },
  409: { type: 'AlreadyExists', title: 'Conflict' },
  413: { type: 'BadRequest', title: 'Payload Too Large' },
  415: { type: 'BadRequest', title: 'Unsupported Media Type' },
  500: { type: 'Unknown', title: 'Internal Server Error' },
  503: { type: 'Unknown', title: 'Service Unavailable' },
};

/** An RFC 7807 problem, in the shape Airflow's connexion API returns (`type` without its docs link). */
export interface Problem {
  /** The section of Airflow's error reference (`BadRequest`, `NotFound`, …); sendProblem prefixes the link. */
  type: string;
  title: string;
  status: number;
  /** connexion writes `null` when an exception has a title only. */
  detail?: string | null;
}

export class ProblemError extends Error {
  readonly problem: Problem;

  constructor(status: number, detail: string | null, title?: string) {
    super(detail ?? title ?? String(status));
    const t = TYPES[status] ?? TYPES[500]!;
    this.problem = { type: t.type, title: title ?? t.title, status, detail };
  }
}

export const notFound = (title: string, detail: string) => new ProblemError(404, detail, title);
export const badRequest = (detail: string, title = 'Bad Request') => new ProblemError(400, detail, title);
export const conflict = (detail: string, title = 'Conflict') => new ProblemError(409, detail, title);

/** Sends `p` with its `type` linked into `docsBase` (see problemDocsBase). */
export function sendProblem(reply: FastifyReply, p: Problem, docsBase: string): FastifyReply {
  return reply
    .code(p.status)
    .type('application/problem+json')
    .send({ ...p, type: docsBase + p.type });
}
