"""Runs Airflow 3's real task runner (`airflow.sdk.execution_time.task_runner.main`) on tasks of a DAG file, for
the task-log differential test. Run with the Python of an Airflow 3 virtualenv (.venv/airflow-3.0.6, -3.3.1).

argv: <dags folder>. stdin: one JSON case per line, {"dag_id", "task_id", "run_id", "logical_date" (ISO or
null), "data_interval": [start, end] | null, "run_after", "try_number", "max_tries"}. For each case, stdout gets
the task log's records, one JSON object per line as the supervisor writes them to the file (the task process's
structlog configured as `supervise` configures it), then `@@END <final state>`.

What a real worker has and this one fakes: the supervisor on the other end of the comms channel. Its answers
are the ones a healthy API server gives (StartupDetails for the case; nothing, or "no inactive assets", for the
rest), so the records are the task runner's own, start-up to finalize.
"""

import json
import os
import sys
import tempfile
import uuid
from datetime import datetime, timezone

os.environ.setdefault("AIRFLOW_HOME", tempfile.mkdtemp(prefix="airflow-home-"))
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = os.path.abspath(sys.argv[1])
os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")

import inspect  # noqa: E402

import structlog  # noqa: E402

from airflow.sdk.api.datamodels import _generated as models  # noqa: E402
from airflow.sdk.execution_time import comms, task_runner  # noqa: E402
from airflow.sdk.log import configure_logging  # noqa: E402


class Output:
    """The binary stream structlog writes JSON lines to (the supervisor's end of the logs socket)."""

    mode = "wb"

    def write(self, data):
        text = bytes(data).decode() if isinstance(data, (bytes, bytearray)) else data
        for line in text.splitlines():
            # The venv has no flask_appbuilder (MWAA's image does): the providers manager says so at info.
            if line.strip() and "is not fully initialized (UI widgets will be missing)" not in line:
                sys.stdout.write(line + "\n")
        sys.stdout.flush()
        return len(data)

    def flush(self):
        sys.stdout.flush()


if "json_output" in inspect.signature(configure_logging).parameters:
    configure_logging(json_output=True, output=Output(), sending_to_supervisor=True)
else:
    configure_logging(enable_pretty_log=False, output=Output(), sending_to_supervisor=True)


def construct(model, **values):
    """A model with the values it has fields for (the versions' models differ); None for others it requires."""
    fields = {}
    for name, field in model.model_fields.items():
        if name in values:
            fields[name] = values[name]
        elif field.is_required():
            fields[name] = None
        else:
            fields[name] = field.get_default(call_default_factory=True)
    return model.model_construct(**fields)


def parse_date(text):
    return None if text is None else datetime.fromisoformat(text.replace("Z", "+00:00"))


FINAL = {}


def startup_details(case):
    start = datetime.now(timezone.utc)
    interval = case.get("data_interval") or [None, None]
    dag_run = construct(
        models.DagRun,
        dag_id=case["dag_id"],
        run_id=case["run_id"],
        logical_date=parse_date(case.get("logical_date")),
        data_interval_start=parse_date(interval[0]),
        data_interval_end=parse_date(interval[1]),
        run_after=parse_date(case["run_after"]),
        start_date=start,
        end_date=None,
        clear_number=0,
        run_type="manual",
        state="running",
        conf={},
        consumed_asset_events=[],
        triggered_by="cli",
    )
    ti = construct(
        models.TaskInstance,
        id=uuid.uuid4(),
        task_id=case["task_id"],
        dag_id=case["dag_id"],
        run_id=case["run_id"],
        try_number=case.get("try_number", 1),
        dag_version_id=uuid.uuid4(),
        map_index=-1,
        hostname="agent-host",
        context_carrier={},
        queue="default",
    )
    context = construct(
        models.TIRunContext,
        dag_run=dag_run,
        task_reschedule_count=0,
        max_tries=case.get("max_tries", 0),
        variables=[],
        connections=[],
        xcom_keys_to_clear=[],
        should_retry=False,
        start_date=start,
    )
    return construct(
        comms.StartupDetails,
        ti=ti,
        dag_rel_path=f"{case['dag_id']}.py",
        bundle_info=construct(models.BundleInfo, name="dags-folder", version=None),
        start_date=start,
        ti_context=context,
        sentry_integration="",
        type="StartupDetails",
    )


class FakeComms:
    """The task's channel to its supervisor: the startup message, then answers to the task's requests."""

    case = None
    socket = None

    def __class_getitem__(cls, _):
        return cls

    def __init__(self, *args, **kwargs):
        pass

    def _get_response(self):
        return startup_details(FakeComms.case)

    get_message = _get_response

    def send(self, msg=None, *args, **kwargs):
        name = type(msg).__name__
        if name in ("SucceedTask", "TaskState", "RetryTask"):
            FINAL["state"] = getattr(msg, "state", "success")
        if name == "ValidateInletsAndOutlets":
            return construct(comms.InactiveAssetsResult, inactive_assets=[], type="InactiveAssetsResult")
        return None

    send_request = send


task_runner.CommsDecoder = FakeComms

for line in sys.stdin:
    if not line.strip():
        continue
    FakeComms.case = json.loads(line)
    FINAL.clear()
    structlog.contextvars.clear_contextvars()
    try:
        task_runner.main()
    except SystemExit:
        pass
    state = FINAL.get("state", "?")
    print(f"@@END {getattr(state, 'value', state)}", flush=True)
