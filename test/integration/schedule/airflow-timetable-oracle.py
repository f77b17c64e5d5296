"""Differential oracle: Airflow's own timetables (the installed apache-airflow) on the cases read from stdin.

For each case, repeats next_dagrun_info from no previous run while the run is due at `now`, as the
scheduler does, then reports the next one; manual cases give infer_manual_data_interval.
"""
import datetime
import json
import sys
from unittest import mock

import pendulum
from airflow.timetables.base import TimeRestriction
from airflow.timetables.interval import CronDataIntervalTimetable, DeltaDataIntervalTimetable


def timetable(case):
    if case["kind"] == "cron":
        return CronDataIntervalTimetable(case["expr"], case.get("tz", "UTC"))
    return DeltaDataIntervalTimetable(datetime.timedelta(seconds=case["seconds"]))


def plan(case):
    tt = timetable(case)
    now = pendulum.parse(case["now"])
    restriction = TimeRestriction(
        earliest=pendulum.parse(case["start"]),
        latest=pendulum.parse(case["end"]) if case.get("end") else None,
        catchup=case["catchup"],
    )
    runs, last, nxt = [], None, None
    with mock.patch("airflow.timetables.interval.utcnow", return_value=now):
        for _ in range(200):
            info = tt.next_dagrun_info(last_automated_data_interval=last, restriction=restriction)
            if info is None:
                break
            interval = [info.data_interval.start.isoformat(), info.data_interval.end.isoformat()]
            if info.run_after > now:
                nxt = interval
                break
            runs.append(interval)
            last = info.data_interval
    return {"runs": runs, "next": nxt}


def manual(case):
    interval = timetable(case).infer_manual_data_interval(run_after=pendulum.parse(case["at"]))
    return [interval.start.isoformat(), interval.end.isoformat()]


cases = json.load(sys.stdin)
json.dump([manual(c) if "at" in c else plan(c) for c in cases], sys.stdout)
