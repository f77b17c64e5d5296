/**
 * Daylight-saving transitions every schedule differential runs (2.x data intervals and 3.x trigger timetables):
 * spring forward and fall back in Europe and America, for daily and sub-hourly crons.
 */
export const DST_TRANSITIONS = [
  {
    kind: 'cron',
    expr: '0 2 * * *',
    tz: 'Europe/Amsterdam',
    start: '2024-03-30T01:00:00Z',
    now: '2024-04-01T12:00:00Z',
    catchup: true,
  },
  {
    kind: 'cron',
    expr: '0 2 * * *',
    tz: 'Europe/Amsterdam',
    start: '2024-10-25T00:00:00Z',
    now: '2024-10-29T12:00:00Z',
    catchup: true,
  },
  {
    kind: 'cron',
    expr: '30 * * * *',
    tz: 'Europe/Amsterdam',
    start: '2024-10-26T22:30:00Z',
    now: '2024-10-27T04:00:00Z',
    catchup: true,
  },
  {
    kind: 'cron',
    expr: '30 * * * *',
    tz: 'Europe/Amsterdam',
    start: '2024-03-30T22:30:00Z',
    now: '2024-03-31T04:00:00Z',
    catchup: true,
  },
  {
    kind: 'cron',
    expr: '*/20 * * * *',
    tz: 'America/New_York',
    start: '2024-11-03T04:30:00Z',
    now: '2024-11-03T07:10:00Z',
    catchup: true,
  },
  {
    kind: 'cron',
    expr: '30 2 * * *',
    tz: 'America/New_York',
    start: '2024-03-08T07:30:00Z',
    now: '2024-03-12T12:00:00Z',
    catchup: true,
  },
] as const;
