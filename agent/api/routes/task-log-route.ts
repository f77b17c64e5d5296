import { access } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { reprStr } from '../../python/str-repr.js';
import type { DagRunRecord, TaskInstanceRecord } from '../../runs/run-records.js';
import type { ApiDeps } from '../api-deps.js';
import { isAgentError } from '../../core/errors.js';
import { type AttemptLogSource, attemptLogSource } from '../attempt-log-source.js';
import {
  LOG_PAGE_BYTES,
  type LogMetadata,
  type LogPage,
  type LogTokens,
  logPage,
  readLogPage,
  streamLog,
} from '../log-pages.js';
import { badRequest } from '../problem.js';
import { taskLogPath } from '../../tasks/task-log-writer.js';

type TiParams = { dag_id: string; dag_run_id: string; task_id: string };
type LogQuery = { full_content?: string; token?: string; map_index?: string };

/** Werkzeug's `<int:…>` converter: digits only, so `1e3`, `-1` or ` 1` match no route (404), as in Airflow. */
const TRY_NUMBER = /^[0-9]+$/;

/**
 * `GET …/taskInstances/{task_id}/logs/{task_try_number}` as Airflow 2.10's log endpoint: JSON answers carry
 * a page of the log and a signed `continuation_token` (`log_pos`, `end_of_log`, `download_logs` from
 * `full_content`); `text/plain` streams the attempt's file. Neither holds a whole log in memory.
 */
export function registerTaskLogRoute(
  app: FastifyInstance,
  deps: ApiDeps,
  tokens: LogTokens,
  tiOf: (p: TiParams, mapIndex?: number) => { run: DagRunRecord; ti: TaskInstanceRecord },
): void {
  app.get<{ Params: TiParams & { try: string }; Querystring: LogQuery }>(
    '/api/v1/dags/:dag_id/dagRuns/:dag_run_id/taskInstances/:task_id/logs/:try',
    async (req, reply) => {
      if (!TRY_NUMBER.test(req.params.try)) return reply.callNotFound();
      const metadata: LogMetadata = req.query.token ? tokens.verify(req.query.token) : {};
      if (req.query.full_content === 'true' || metadata.download_logs) metadata.download_logs = true;
      else metadata.download_logs = false;
      const rawMapIndex = req.query.map_index;
      if (rawMapIndex !== undefined && !/^-?\d+$/.test(rawMapIndex))
        throw badRequest(`Wrong type, expected 'integer' for query parameter 'map_index'`);
      const { ti } = tiOf(req.params, rawMapIndex === undefined ? -1 : Number(rawMapIndex));
      const n = Number(req.params.try);
      if (n < 1) throw badRequest(`Error fetching the logs. Try number ${n} is invalid.`);
      const path = taskLogPath(deps.stateDir, ti.dagId, ti.runId, ti.taskId, n, ti.mapIndex);
      const from = metadata.log_pos ?? 0;
      const finished = ti.tryNumber !== n || !['running', 'deferred'].includes(ti.state ?? '');
      const source = await attemptLogSource(path, deps.remoteLogs, finished);
      // Airflow sends its "Found local files" (or "Found logs in s3") lines only with the first part of a log.
      const header =
        from !== 0
          ? ''
          : source.kind === 's3'
            ? `*** Found logs in s3:\n***   * ${source.url}\n`
            : `*** Found local files:\n***   * ${path}\n`;
      const missing = `*** Could not read served logs: no log file for try ${n} at ${path}\n`;
      const accept = String(req.headers.accept ?? '');
      if (accept.includes('text/plain')) {
        let body: string | Readable = `localhost\n${missing}\n`;
        if (source.kind === 's3') {
          const stream = await source.remote.stream(source.relativePath, from).catch(readFailure);
          if (typeof stream === 'string') body = `localhost\n${header}${stream}\n`;
          else if (stream) body = prefixed(stream, `localhost\n${header}`, '\n');
        } else if (await exists(path)) body = streamLog(path, from, `localhost\n${header}`, '\n');
        return reply.type('text/plain; charset=utf-8').send(body);
      }
      let text: string;
      let next = from;
      let atEnd = true;
      try {
        const page = source.kind === 's3' ? await remotePage(source, from) : await readLogPage(path, from);
        text = header + page.text;
        next = page.next;
        atEnd = page.atEnd;
      } catch (e) {
        text = isAgentError(e) ? `${header}${e.message}\n` : missing;
      }
      const token = tokens.sign({ ...metadata, end_of_log: atEnd && finished, log_pos: next });
      return { content: `[('localhost', ${reprStr(text)})]`, continuation_token: token };
    },
  );
}

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

/** Airflow's `s3_read(…, return_error=True)`: a failed read is the log's text. */
function readFailure(e: unknown): string {
  if (isAgentError(e)) return e.message;
  throw e;
}

/** A page of the attempt's log in S3 from byte `from` (an empty last page when S3 has none). */
async function remotePage(source: AttemptLogSource & { kind: 's3' }, from: number): Promise<LogPage> {
  const range = await source.remote.readRange(source.relativePath, from, LOG_PAGE_BYTES);
  return range ? logPage(range.bytes, from, range.size) : { text: '', next: from, atEnd: true };
}

function prefixed(body: Readable, prefix: string, suffix: string): Readable {
  return Readable.from(
    (async function* () {
      yield Buffer.from(prefix);
      for await (const chunk of body) yield chunk as Buffer;
      yield Buffer.from(suffix);
    })(),
  );
}
