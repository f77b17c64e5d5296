import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { isAgentError } from '../../core/errors.js';
import type { TaskInstanceRecord } from '../../runs/run-records.js';
import type { S3TaskLogs } from '../../tasks/s3-task-logs.js';
import { attemptLogSource } from '../attempt-log-source.js';
import { type LogMessage, sourceHeader, taskLogMessages } from '../../tasks/task-log-records.js';
import { QueryReader } from './query-params.js';
import { UrlSafeSerializer } from './url-safe-serializer.js';
import { badRequest, HttpError, notFound } from './validation-error.js';
import { V2Lookups, type V2Deps } from './v2-deps.js';

type LogParams = { dag_id: string; dag_run_id: string; task_id: string; try_number: string };

/** Airflow's `[logging] log_filename_template` under the state folder's logs/ (map_index only for mapped tasks). */
export function attemptLogFile(stateDir: string, ti: TaskInstanceRecord, attempt: number): string {
  return join(
    stateDir,
    'logs',
    `dag_id=${ti.dagId}`,
    `run_id=${ti.runId}`,
    `task_id=${ti.taskId}`,
    ...(ti.mapIndex >= 0 ? [`map_index=${ti.mapIndex}`] : []),
    `attempt=${attempt}.log`,
  );
}

const UNFINISHED: readonly (TaskInstanceRecord['state'] | null)[] = [
  null,
  'scheduled',
  'queued',
  'running',
  'up_for_retry',
];

/**
 * GET …/taskInstances/{task_id}/logs/{try_number} as Airflow 3 answers it: `{"content": [structured messages],
 * "continuation_token"}` (null once the try is over), or one message per line with `Accept: application/x-ndjson`.
 */
export function registerLogRoutes(app: FastifyInstance, deps: V2Deps): void {
  const look = new V2Lookups(deps);
  const tokens = new UrlSafeSerializer(deps.secret);

  app.get<{ Params: LogParams }>(
    '/dags/:dag_id/dagRuns/:dag_run_id/taskInstances/:task_id/logs/:try_number',
    async (req, reply) => {
      const path = new QueryReader({ try_number: req.params.try_number }, 'path');
      const tryNumber = path.int('try_number', 0, { ge: 0 });
      path.done();
      const q = new QueryReader(req.query);
      const mapIndex = q.int('map_index', -1);
      q.bool('full_content');
      const token = q.str('token');
      q.done();
      const accept = String(req.headers.accept ?? '*/*');
      const ndjson = accept.includes('application/x-ndjson');
      if (!ndjson && !/application\/json|\*\/\*/.test(accept))
        throw new HttpError(406, 'Only application/json or application/x-ndjson is supported');
      let position = 0;
      if (token) {
        const meta = tokens.loads(token) as { log_pos?: number } | null;
        if (meta === null) throw badRequest('Bad Signature. Please use only the tokens provided by the API.');
        position = typeof meta.log_pos === 'number' ? meta.log_pos : 0;
      }
      const { dag_id: dagId, dag_run_id: runId, task_id: taskId } = req.params;
      const ti = deps.api.store
        .listTaskInstances(dagId, runId)
        .find((t) => t.taskId === taskId && t.mapIndex === mapIndex);
      // Airflow finds the try in task_instance (the current one) or task_instance_history (the earlier ones).
      if (!ti || tryNumber > ti.tryNumber || (tryNumber < ti.tryNumber && tryNumber < 1))
        throw notFound('TaskInstance not found');
      look.run(dagId, runId);

      let messages: LogMessage[];
      let endOfLog = true;
      if (tryNumber === 0) {
        messages = [
          ti.state === 'skipped' || ti.state === 'upstream_failed'
            ? { event: 'Task was skipped, no logs available.' }
            : { level: 'error', event: `Error fetching the logs. Try number ${tryNumber} is invalid.` },
        ];
      } else {
        const file = attemptLogFile(deps.api.stateDir, ti, tryNumber);
        endOfLog = tryNumber !== ti.tryNumber || !UNFINISHED.includes(ti.state);
        const { text, source } = await attemptLogText(file, deps.api.remoteLogs, endOfLog);
        const lines = text === null ? [] : taskLogMessages(text);
        const header = sourceHeader(text === null ? [] : [source], deps.api.profile());
        messages = [...(position === 0 ? header : []), ...lines.slice(position)];
        position = lines.length;
      }
      const continuation = endOfLog ? null : tokens.dumps({ end_of_log: false, log_pos: position });
      if (ndjson) {
        if (continuation) reply.header('Airflow-Continuation-Token', continuation);
        const body = messages.map((m) => JSON.stringify({ timestamp: m.timestamp ?? null, ...m })).join('\n');
        return reply.type('application/x-ndjson').send(body ? `${body}\n` : '');
      }
      return { content: messages, continuation_token: continuation };
    },
  );
}

/**
 * The attempt's whole log and where it came from (the local file's path, or its `s3://` URL, as Airflow 3's
 * S3RemoteLogIO names the keys it read); a failed S3 read is the text, as Airflow's `s3_read(return_error=True)`.
 */
async function attemptLogText(
  file: string,
  remote: S3TaskLogs | null | undefined,
  finished: boolean,
): Promise<{ text: string | null; source: string }> {
  const at = await attemptLogSource(file, remote, finished);
  if (at.kind === 'local') return { text: await readFile(file, 'utf8').catch(() => null), source: file };
  try {
    const range = await at.remote.readRange(at.relativePath, 0);
    return { text: range === null ? null : range.bytes.toString('utf8'), source: at.url };
  } catch (e) {
    if (!isAgentError(e)) throw e;
    return { text: e.message, source: at.url };
  }
}
