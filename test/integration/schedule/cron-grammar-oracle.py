"""Differential oracle for the cron grammar: Airflow's CronDataIntervalTimetable (and the croniter it uses) on the
expressions read from stdin: the validation error Airflow reports, else croniter's expanded fields and the next and
previous ticks from 2024-01-01T00:00:30 (croniter's "failed to find … date" where it gives up)."""
import datetime
import json
import sys

from airflow.exceptions import AirflowTimetableInvalid
from airflow.timetables.interval import CronDataIntervalTimetable
from croniter import CroniterBadDateError, croniter

START = datetime.datetime(2024, 1, 1, 0, 0, 30)


def ticks(expression, count, previous):
    cron = croniter(expression, START)
    out = []
    try:
        for _ in range(count):
            tick = cron.get_prev(datetime.datetime) if previous else cron.get_next(datetime.datetime)
            out.append(tick.isoformat())
    except CroniterBadDateError as e:
        out.append(str(e))
    return out


def answer(expression):
    timetable = CronDataIntervalTimetable(expression, "UTC")
    try:
        timetable.validate()
    except AirflowTimetableInvalid as e:
        return {"error": str(e)}
    fields, nth = croniter.expand(timetable.summary)
    return {
        "error": None,
        "fields": [["*"] if f == ["*"] else list(f) for f in fields],
        "nth": {str(day): sorted(map(str, n)) for day, n in nth.items()},
        "next": ticks(timetable.summary, 4, False),
        "prev": ticks(timetable.summary, 2, True),
    }


json.dump([answer(e) for e in json.load(sys.stdin)], sys.stdout)
