import { randomBytes } from 'node:crypto';

/** One item of a FastAPI 422 body: pydantic's `ValidationError.errors(include_url=False)` as jsonable_encoder writes it. */
export interface ValidationItem {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

/** FastAPI's RequestValidationError: answered 422 `{"detail": [items]}`. */
export class RequestValidationError extends Error {
  readonly items: ValidationItem[];

  constructor(items: ValidationItem[]) {
    super(items.map((i) => `${i.loc.join('.')}: ${i.msg}`).join('; '));
    this.items = items;
  }
}

/**
 * FastAPI's HTTPException: answered with `status` and `{"detail": detail}`. The detail is usually Airflow's
 * message, sometimes an object (the 409 of a unique-constraint violation) or, for the login body, a string.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly detail: unknown;
  readonly headers: Record<string, string>;

  constructor(status: number, detail: unknown, headers: Record<string, string> = {}) {
    super(typeof detail === 'string' ? detail : JSON.stringify(detail));
    this.status = status;
    this.detail = detail;
    this.headers = headers;
  }
}

export const notFound = (detail: string) => new HttpError(404, detail);
export const badRequest = (detail: string) => new HttpError(400, detail);
export const conflict = (detail: unknown) => new HttpError(409, detail);

/** The 409 Airflow 3 answers when a unique constraint of the database refuses a row (its error handler's shape). */
export function uniqueViolation(): HttpError {
  const id = randomBytes(6).toString('base64url').slice(0, 8);
  return conflict({
    reason: 'Unique constraint violation',
    statement: 'hidden',
    orig_error: 'hidden',
    message: `Serious error when handling your request. Check logs for more details - you will find it in api server when you look for ID ${id}`,
  });
}
