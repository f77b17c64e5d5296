/**
 * An error the MWAA API answers as AWS's REST-JSON services do: the HTTP status, the error type in
 * `x-amzn-ErrorType` and a JSON body with the message (`Message` for AccessDeniedException, as the service
 * model spells it; `message` otherwise). Extra members (RestApiStatusCode, …) go into the body as well.
 */
export class MwaaApiError extends Error {
  readonly type: string;
  readonly status: number;
  readonly members: Record<string, unknown>;

  constructor(status: number, type: string, message: string, members: Record<string, unknown> = {}) {
    super(message);
    this.type = type;
    this.status = status;
    this.members = members;
  }

  body(): Record<string, unknown> {
    const key = this.type === 'AccessDeniedException' ? 'Message' : 'message';
    return { [key]: this.message, ...this.members };
  }
}

export function validationError(message: string): MwaaApiError {
  return new MwaaApiError(400, 'ValidationException', message);
}

export function notFound(message: string): MwaaApiError {
  return new MwaaApiError(404, 'ResourceNotFoundException', message);
}
