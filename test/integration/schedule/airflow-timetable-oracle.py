"""Differential oracle: Airflow's own timetables (the installed apache-airflow) on the cases read from stdin.

Run with the Python of an Airflow virtualenv: .venv/airflow (2.10.5), .venv/airflow-3.0.6, .venv/airflow-3.3.1.

Each case builds a DAG with `schedule` = the case's value (a cron string or preset for "cron", a timedelta of
`seconds` for "delta"; or the timetable named by "timetable") and start_date = `start` in the case's `tz`,
then takes the timetable as the scheduler sees it: after serialization, so each version's defaults apply
(2.x: CronDataIntervalTimetable / DeltaDataIntervalTimetable; 3.x: CronTriggerTimetable /
DeltaTriggerTimetable unless [scheduler] create_cron_data_intervals is true).

- A planning case repeats next_dagrun_info from no previous run while the run is due at `now`, as the
  scheduler does (3.3+: next_dagrun_info_v2), then reports the next one.
- A manual case (with "at") gives infer_manual_data_interval(run_after=at).
- A trigger case (with "trigger": {"at", "logical_date" (ISO or null), "replace_microseconds"?}) runs the
  version's own `_trigger_dag` at "at" (what `airflow dags trigger` calls), with the DAG bag and the
  database replaced by stand-ins that capture what `create_dagrun` is given.

Optional case keys: "timetable" ("cron_trigger", "cron_data_interval", "delta_trigger",
"delta_data_interval", "multiple_cron_trigger" with "exprs"), "interval_seconds" and "run_immediately"
(bool or seconds) for CronTriggerTimetable, and "detail": true for richer answers (below).

Answers (stdout, one JSON list in case order):
  planning: {"runs": [[start, end], ...], "next": [start, end] | null}
            with detail: each run is {"data_interval", "logical_date", "run_after", "run_id"} and the
            answer also has "timetable" (class name) and "summary";
  manual:   [start, end]; with detail {"data_interval", "timetable"};
  trigger:  {"run_id", "logical_date", "data_interval", "run_after"} (run_after null on 2.x);
  a case this version cannot build: {"error": "<exception class>: <text>"}.
The clock is frozen at `now` with time-machine (every utcnow() in Airflow sees it).
"""

import datetime
import json
import os
import sys
import tempfile
from importlib.metadata import version as package_version

AIRFLOW3 = int(package_version("apache-airflow").split(".")[0]) >= 3
os.environ.setdefault("AIRFLOW_HOME", tempfile.mkdtemp(prefix="airflow-home-"))
os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")

import pendulum  # noqa: E402
import time_machine  # noqa: E402
from airflow.timetables.base import TimeRestriction  # noqa: E402
from airflow.timetables.interval import CronDataIntervalTimetable, DeltaDataIntervalTimetable  # noqa: E402
from airflow.timetables.trigger import CronTriggerTimetable  # noqa: E402
from airflow.utils.types import DagRunType  # noqa: E402

if AIRFLOW3:
    from airflow.sdk import DAG

    try:  # 3.3+
        from airflow.serialization.serialized_objects import DagSerialization as Serializer
    except ImportError:
        from airflow.serialization.serialized_objects import SerializedDAG as Serializer
else:
    from airflow.models.dag import DAG
    from airflow.serialization.serialized_objects import SerializedDAG as Serializer


def explicit_timetable(case, tz):
    kind = case["timetable"]
    if kind == "cron_trigger":
        options = {}
        if "interval_seconds" in case:
            options["interval"] = datetime.timedelta(seconds=case["interval_seconds"])
        if "run_immediately" in case:
            ri = case["run_immediately"]
            options["run_immediately"] = ri if isinstance(ri, bool) else datetime.timedelta(seconds=ri)
        return CronTriggerTimetable(case["expr"], timezone=tz, **options)
    if kind == "cron_data_interval":
        return CronDataIntervalTimetable(case["expr"], tz)
    if kind == "delta_data_interval":
        return DeltaDataIntervalTimetable(datetime.timedelta(seconds=case["seconds"]))
    if kind == "delta_trigger":
        from airflow.timetables.trigger import DeltaTriggerTimetable

        return DeltaTriggerTimetable(datetime.timedelta(seconds=case["seconds"]))
    if kind == "multiple_cron_trigger":
        from airflow.timetables.trigger import MultipleCronTriggerTimetable

        return MultipleCronTriggerTimetable(*case["exprs"], timezone=tz)
    raise ValueError(f"unknown timetable {kind!r}")


def scheduled_timetable(case):
    """The timetable of a DAG with this case's schedule, as the scheduler has it (deserialized)."""
    tz = case.get("tz", "UTC")
    if "timetable" in case:
        schedule = explicit_timetable(case, tz)
    elif case["kind"] == "cron":
        schedule = case["expr"]
    else:
        schedule = datetime.timedelta(seconds=case["seconds"])
    start = pendulum.parse(case.get("start", "2000-01-01T00:00:00Z")).in_timezone(tz)
    dag = DAG("oracle", schedule=schedule, start_date=start, catchup=case.get("catchup", False))
    return Serializer.from_dict(Serializer.to_dict(dag)).timetable


def interval_json(interval):
    return None if interval is None else [interval.start.isoformat(), interval.end.isoformat()]


def run_json(tt, info):
    logical = info.logical_date
    return {
        "data_interval": interval_json(info.data_interval),
        "logical_date": None if logical is None else logical.isoformat(),
        "run_after": info.run_after.isoformat(),
        "run_id": scheduled_run_id(tt, info),
    }


def scheduled_run_id(tt, info):
    """The id the scheduler gives a scheduled run of this timetable."""
    if not AIRFLOW3:
        return DagRunType.SCHEDULED.generate_run_id(info.logical_date)
    from airflow.timetables.base import Timetable

    # 3.2+ (`next_run_info_from_dag_model`): run_after = DagModel.next_dagrun_create_after, the run's run_after;
    # 3.0: run_after = DagModel.next_dagrun, the logical date.
    run_after = info.run_after if hasattr(Timetable, "next_run_info_from_dag_model") else info.logical_date
    return tt.generate_run_id(run_type=DagRunType.SCHEDULED, run_after=run_after, data_interval=info.data_interval)


def next_info(tt, last, restriction):
    if hasattr(tt, "next_dagrun_info_v2"):
        return tt.next_dagrun_info_v2(last_dagrun_info=last, restriction=restriction)
    return tt.next_dagrun_info(last_automated_data_interval=last and last.data_interval, restriction=restriction)


def plan(case):
    now = pendulum.parse(case["now"])
    with time_machine.travel(now, tick=False):
        tt = scheduled_timetable(case)
        restriction = TimeRestriction(
            earliest=pendulum.parse(case["start"]),
            latest=pendulum.parse(case["end"]) if case.get("end") else None,
            catchup=case["catchup"],
        )
        runs, last, nxt = [], None, None
        for _ in range(200):
            try:
                info = next_info(tt, last, restriction)
            except Exception:  # noqa: BLE001 -- as DAG.next_dagrun_info: logged, no run (croniter gave up)
                info = None
            if info is None:
                break
            if info.run_after > now:
                nxt = info
                break
            runs.append(info)
            last = info
    if case.get("detail"):
        return {
            "timetable": type(tt).__name__,
            "summary": tt.summary,
            "runs": [run_json(tt, r) for r in runs],
            "next": nxt and run_json(tt, nxt),
        }
    return {"runs": [interval_json(r.data_interval) for r in runs], "next": nxt and interval_json(nxt.data_interval)}


def manual(case):
    tt = scheduled_timetable(case)
    interval = interval_json(tt.infer_manual_data_interval(run_after=pendulum.parse(case["at"])))
    if case.get("detail"):
        return {"timetable": type(tt).__name__, "data_interval": interval}
    return interval


def scheduled_dag(case):
    tz = case.get("tz", "UTC")
    schedule = {"cron": lambda: case["expr"], "delta": lambda: datetime.timedelta(seconds=case["seconds"])}.get(
        case["kind"], lambda: None
    )()
    start = pendulum.parse(case.get("start", "2000-01-01T00:00:00Z")).in_timezone(tz)
    return DAG("oracle", schedule=schedule, start_date=start, catchup=case.get("catchup", False))


class _Captured(Exception):
    def __init__(self, kwargs):
        super().__init__("captured")
        self.kwargs = kwargs


def trigger(case):
    """`_trigger_dag` of the installed Airflow on a DAG of this case's schedule; what it creates."""
    import random

    from airflow.api.common import trigger_dag as td
    from airflow.models.dagrun import DagRun

    spec = case["trigger"]
    now = pendulum.parse(spec["at"])
    logical = spec.get("logical_date")
    logical = pendulum.parse(logical) if logical else None
    random.seed(0)
    with time_machine.travel(now, tick=False):
        dag = scheduled_dag(case)
        serialized = Serializer.from_dict(Serializer.to_dict(dag))

        def create_dagrun(**kwargs):
            raise _Captured(kwargs)

        class Dag:
            dag_id = "oracle"
            default_args = {}
            timetable = serialized.timetable
            subdags = []

        Dag.create_dagrun = staticmethod(create_dagrun)

        class Bag:
            dags = {"oracle": Dag}
            dags_hash = {}

            def get_dag(self, dag_id, session=None):
                return Dag

            def get_latest_version_of_dag(self, dag_id, session=None):
                return Dag

        DagRun.find_duplicate = staticmethod(lambda *a, **k: None)
        kwargs = {"replace_microseconds": spec.get("replace_microseconds", True)}
        if AIRFLOW3:
            from airflow.utils.types import DagRunTriggeredByType

            kwargs.update(triggered_by=DagRunTriggeredByType.CLI, logical_date=logical, session=object())
        else:
            kwargs.update(execution_date=logical)
        try:
            td._trigger_dag("oracle", Bag(), **kwargs)
        except _Captured as c:
            got = c.kwargs
        else:
            raise RuntimeError("_trigger_dag created no run")
    logical_date = got.get("logical_date", got.get("execution_date"))
    run_after = got.get("run_after")
    return {
        "run_id": got["run_id"],
        "logical_date": None if logical_date is None else logical_date.isoformat(),
        "data_interval": interval_json(got.get("data_interval")),
        "run_after": None if run_after is None else run_after.isoformat(),
    }


def answer(case):
    try:
        if "trigger" in case:
            return trigger(case)
        return manual(case) if "at" in case else plan(case)
    except Exception as e:  # e.g. an option this version's timetable does not have
        return {"error": f"{type(e).__name__}: {e}"}


cases = json.load(sys.stdin)
json.dump([answer(c) for c in cases], sys.stdout)
