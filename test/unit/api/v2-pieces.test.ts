import { describe, expect, it } from 'vitest';
import { isoDuration } from '../../../agent/api/v2/dag-shapes.js';
import { QueryReader, readOrderBy, sortAndPage } from '../../../agent/api/v2/query-params.js';
import { rfc3339, stableUuid } from '../../../agent/api/v2/rfc3339.js';
import { UrlSafeSerializer } from '../../../agent/api/v2/url-safe-serializer.js';
import { airflowProfile } from '../../../agent/airflow/profile-lookup.js';
import { sourceHeader, taskLogMessages } from '../../../agent/tasks/task-log-records.js';
import { HttpError, RequestValidationError } from '../../../agent/api/v2/validation-error.js';

describe('itsdangerous URLSafeSerializer, as Airflow 3 signs file and log tokens', () => {
  // Expected values made by itsdangerous in Airflow 3.3.1's venv with the secret "s3cret".
  it.each([
    [
      { bundle_name: 'dags-folder', relative_fileloc: 'diff_dag.py' },
      'eyJidW5kbGVfbmFtZSI6ImRhZ3MtZm9sZGVyIiwicmVsYXRpdmVfZmlsZWxvYyI6ImRpZmZfZGFnLnB5In0.eCqwvpMUuFLHpCnwUVexYnzZO5Q',
    ],
    [
      { bundle_name: 'dags-folder', relative_fileloc: 'dé/x.py' },
      'eyJidW5kbGVfbmFtZSI6ImRhZ3MtZm9sZGVyIiwicmVsYXRpdmVfZmlsZWxvYyI6ImTDqS94LnB5In0.2WYXK-tj3EHBu9mJhqj5GGVI8Xo',
    ],
    [{ end_of_log: false, log_pos: 12 }, 'eyJlbmRfb2ZfbG9nIjpmYWxzZSwibG9nX3BvcyI6MTJ9.a0kcZccuZYKzyN1P_RBXb5IHCUA'],
  ])('dumps %j as itsdangerous does and loads it back', (payload, token) => {
    const s = new UrlSafeSerializer('s3cret');
    expect(s.dumps(payload)).toBe(token);
    expect(s.loads(token)).toEqual(payload);
  });

  it('refuses a token signed with another secret or altered', () => {
    const token = new UrlSafeSerializer('other').dumps({ log_pos: 1 });
    const s = new UrlSafeSerializer('s3cret');
    expect(s.loads(token)).toBeNull();
    expect(s.loads(`${token}x`)).toBeNull();
    expect(s.loads('no-dot')).toBeNull();
  });
});

describe('dates and durations as pydantic serialises them', () => {
  it.each([
    ['2024-01-01T00:00:00+00:00', '2024-01-01T00:00:00Z'],
    ['2026-12-07T13:21:11.687451+00:00', '2026-12-07T13:21:11.687451Z'],
    ['2024-01-01T02:00:00.5+02:00', '2024-01-01T00:00:00.500000Z'],
    [null, null],
  ])('rfc3339(%s) = %s', (input, expected) => expect(rfc3339(input)).toBe(expected));

  // pydantic 2.13's TypeAdapter(timedelta).dump_json
  it.each([
    [3600, 'PT1H'],
    [90, 'PT1M30S'],
    [86400, 'P1D'],
    [0.5, 'PT0.5S'],
    [176461.25, 'P2DT1H1M1.25S'],
    [0, 'PT0S'],
    [-30, '-PT30S'],
  ])('isoDuration(%s) = %s', (seconds, expected) => expect(isoDuration(seconds)).toBe(expected));

  it('gives stable UUIDs in the RFC 4122 layout', () => {
    expect(stableUuid('a', 1)).toBe(stableUuid('a', 1));
    expect(stableUuid('a', 1)).not.toBe(stableUuid('a', 2));
    expect(stableUuid('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('query parameters as FastAPI reads them', () => {
  it('defaults limit to 50, caps it at 100, and reports negative or non-integer values together', () => {
    expect(new QueryReader({}).page()).toEqual({ limit: 50, offset: 0 });
    expect(new QueryReader({ limit: '100000', offset: '3' }).page()).toEqual({ limit: 100, offset: 3 });
    const q = new QueryReader({ limit: '-1', offset: 'abc' });
    q.page();
    let err: unknown;
    try {
      q.done();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RequestValidationError);
    expect((err as RequestValidationError).items).toEqual([
      {
        type: 'greater_than_equal',
        loc: ['query', 'limit'],
        msg: 'Input should be greater than or equal to 0',
        input: '-1',
        ctx: { ge: 0 },
      },
      {
        type: 'int_parsing',
        loc: ['query', 'offset'],
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        input: 'abc',
      },
    ]);
  });

  it('orders by several keys, appends the primary key, and refuses unknown ones with Airflow text', () => {
    const order = readOrderBy(new QueryReader({ order_by: ['-state', 'name'] }), ['state', 'name', 'id'], 'id');
    expect(order).toEqual([
      { field: 'state', descending: true },
      { field: 'name', descending: false },
      { field: 'id', descending: true },
    ]);
    const rows = [
      { id: 1, state: 'a', name: 'x' },
      { id: 2, state: 'b', name: 'y' },
      { id: 3, state: 'b', name: 'x' },
    ];
    expect(sortAndPage(rows, order, (r, f) => r[f as keyof typeof r], { limit: 2, offset: 0 })).toEqual({
      items: [rows[2], rows[1]],
      total: 3,
    });
    expect(() => readOrderBy(new QueryReader({ order_by: 'nope' }), ['id'], 'id')).toThrow(
      new HttpError(400, "Ordering with 'nope' is disallowed or the attribute does not exist on the model"),
    );
  });
});

describe('task log lines as Airflow 3 serves them', () => {
  it('keeps structured records, reads 2.x lines as events with their timestamps, carries a timestamp over, and orders by time as _interleave_logs does', () => {
    const text = [
      '{"timestamp":"2026-12-07T13:21:13.023290Z","event":"::group::Pre Execute","level":"info","logger":"task"}',
      '[2024-01-03T06:00:02.123+0000] {ssh.py:497} INFO - Running command: hostname',
      'a continuation line',
      '',
      '[2022-07-12 20:09:15,123] {taskinstance.py:1035} INFO - Dependencies all met',
    ].join('\n');
    expect(taskLogMessages(text)).toEqual([
      // pendulum reads only the day of Python's default asctime (the time follows a space).
      {
        timestamp: '2022-07-12T00:00:00Z',
        event: '[2022-07-12 20:09:15,123] {taskinstance.py:1035} INFO - Dependencies all met',
      },
      {
        timestamp: '2024-01-03T06:00:02.123000Z',
        event: '[2024-01-03T06:00:02.123+0000] {ssh.py:497} INFO - Running command: hostname',
      },
      { timestamp: '2024-01-03T06:00:02.123000Z', event: 'a continuation line' },
      { timestamp: '2026-12-07T13:21:13.023290Z', event: '::group::Pre Execute', level: 'info', logger: 'task' },
    ]);
    expect(sourceHeader(['/x/attempt=1.log'], airflowProfile('3.3.1'))).toEqual([
      { event: '::group::Log message source details' },
      { event: '/x/attempt=1.log' },
      { event: '::endgroup::' },
    ]);
  });
});
