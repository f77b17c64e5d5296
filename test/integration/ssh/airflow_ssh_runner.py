"""Runs Airflow's real SSH operators for the differential tests: one case per JSON line on stdin.

Run with the Python of an Airflow virtualenv: .venv/airflow (2.10.5 + provider 3.14.0), .venv/airflow-2.11.2
(provider 4.3.1), .venv/airflow-3.0.6 (provider 4.1.3), .venv/airflow-3.3.1 (provider 6.0.1) and its copies
.venv/airflow-3.3.1-ssh-<v> (5.0.0, 7.0.1; infra/setup.d/2*.sh).

Each case is one JSON object:
- "conn": the AIRFLOW_CONN JSON of `ssh_new`; "home": HOME for the run (its .ssh/known_hosts is the hook's);
- "command": the command;
- "operator": "SSHOperator" (default) or "SSHRemoteJobOperator"; "kwargs": more operator arguments;
- "hook": SSHHook arguments (e.g. host_proxy_cmd): the operator then gets `ssh_hook=SSHHook("ssh_new", **hook)`;
- "timeout": seconds after which the task times out as Airflow's task runner does it (AirflowTaskTimeout raised
  in execute(), then on_kill());
- "restart_after": for SSHRemoteJobOperator, seconds after which the trigger is stopped and a new one is made
  from its serialized form, as a triggerer restart does; "try_number", "run_id" for the job id.
The output of each case is its log records, then `RESULT <b64>`, `SKIPPED <message>` or `ERROR <class> <message>`,
then `@@END`.

Log records are what the version's task log holds:
- Airflow 2.x: text lines `{file:line} LEVEL - message` (the task log's format without its timestamp);
- Airflow 3.x: the task runner's structured records, one JSON object per line, as the supervisor writes them
  to the task log file (structlog configured by airflow.sdk.log.configure_logging, as the task process
  does), without "timestamp" and without the task-instance keys (dag_id, run_id, task_id, map_index,
  try_number, ti_id) that only a real task instance binds. On 3.0.x the records carry no filename/lineno,
  on 3.1+ they do (the task log has the same keys).
Lines that come from running execute() outside a task instance are the caller's to drop (2.x:
`{baseoperator.py:...}`, `{crypto.py:...}`; 3.x: the "cannot be called outside of the Task Runner!" warning,
airflow.models.crypto's "empty cryptography key").
"""

import asyncio
import json
import logging
import os
import signal
import sys
import time
from importlib import import_module
from importlib.metadata import version as package_version
from types import SimpleNamespace

AIRFLOW3 = int(package_version("apache-airflow").split(".")[0]) >= 3
TASK_KEYS = {"timestamp", "dag_id", "run_id", "task_id", "map_index", "try_number", "ti_id"}


class RecordFilter:
    """A binary stream for structlog's JSON lines: drops the keys only a real task instance has."""

    mode = "wb"  # configure_logging (3.0) checks that its output is binary

    def __init__(self, out):
        self.out = out

    def write(self, data):
        text = data.decode() if isinstance(data, bytes) else data
        for line in text.splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            self.out.write(json.dumps({k: v for k, v in record.items() if k not in TASK_KEYS}) + "\n")
        self.out.flush()
        return len(data)

    def flush(self):
        self.out.flush()


def configure_2x():
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    out = logging.StreamHandler(sys.stdout)
    out.setFormatter(logging.Formatter("{%(filename)s:%(lineno)d} %(levelname)s - %(message)s"))
    root.addHandler(out)
    root.setLevel(logging.INFO)
    for name in list(logging.root.manager.loggerDict):
        logger = logging.getLogger(name)
        logger.propagate = True
        for handler in list(logger.handlers):
            logger.removeHandler(handler)


def configure_3x():
    import inspect

    from airflow.sdk.log import configure_logging

    stream = RecordFilter(sys.stdout)
    # 3.0: enable_pretty_log=False gives JSON; 3.1+: json_output=True. The task process passes
    # sending_to_supervisor=True (the supervisor writes the lines to the file unchanged).
    if "json_output" in inspect.signature(configure_logging).parameters:
        configure_logging(json_output=True, output=stream, sending_to_supervisor=True)
    else:
        configure_logging(enable_pretty_log=False, output=stream, sending_to_supervisor=True)


# Importing Airflow configures logging; reconfigure after it.
from airflow.providers.ssh.hooks.ssh import SSHHook  # noqa: E402
from airflow.providers.ssh.operators.ssh import SSHOperator  # noqa: E402

if AIRFLOW3:
    configure_3x()
else:
    configure_2x()


class TaskTimeout(Exception):
    """Stands for AirflowTaskTimeout, raised in execute() by the task runner's alarm."""


def on_alarm(signum, frame):
    raise TaskTimeout()


def fake_context(case, pushes):
    ti = SimpleNamespace(
        dag_id="ssh_operator_example",
        task_id="ssh_task",
        run_id=case.get("run_id", "manual__2022-07-12T20:09:14+00:00"),
        try_number=case.get("try_number", 1),
        xcom_push=lambda key, value: pushes.append((key, value)),
        xcom_pull=lambda **kw: None,
    )
    return {"ti": ti, "task_instance": ti}


async def drive_trigger(trigger, restart_after):
    """Runs the trigger to its first event; when asked, stops it once and resumes from its serialized form."""
    if restart_after is not None:
        events = trigger.run()
        try:
            return await asyncio.wait_for(events.__anext__(), restart_after)
        except asyncio.TimeoutError:
            await events.aclose()
        classpath, kwargs = trigger.serialize()
        module, name = classpath.rsplit(".", 1)
        trigger = getattr(import_module(module), name)(**kwargs)
    async for event in trigger.run():
        return event


def run_remote_job(case, kwargs):
    from airflow.providers.ssh.operators.ssh_remote_job import SSHRemoteJobOperator

    op = SSHRemoteJobOperator(task_id="ssh_task", ssh_conn_id="ssh_new", command=case["command"], **kwargs)
    pushes = []
    context = fake_context(case, pushes)
    method = "execute"
    event = None
    while True:
        try:
            if method == "execute":
                return op.execute(context)
            return getattr(op, method)(context, event.payload)
        except BaseException as e:  # TaskDeferred is a BaseException
            if type(e).__name__ != "TaskDeferred":
                raise
            sys.stdout.flush()
            method = e.method_name
            event = asyncio.run(drive_trigger(e.trigger, case.get("restart_after")))
            case["restart_after"] = None
            # The task resumes in a new task process, with a new operator (its ssh_hook made again).
            fresh_task_process()
            op = SSHRemoteJobOperator(task_id="ssh_task", ssh_conn_id="ssh_new", command=case["command"], **kwargs)


def run_case(case):
    kwargs = dict(case.get("kwargs", {}))
    if case.get("operator") == "SSHRemoteJobOperator":
        return run_remote_job(case, kwargs)
    if "hook" in case:
        kwargs["ssh_hook"] = SSHHook(ssh_conn_id="ssh_new", **case["hook"])
    else:
        kwargs["ssh_conn_id"] = "ssh_new"
    op = SSHOperator(task_id="ssh_task", command=case["command"], **kwargs)
    if "timeout" not in case:
        return op.execute(context=None)
    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, case["timeout"])
    try:
        return op.execute(context=None)
    except TaskTimeout:
        op.on_kill()
        raise
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def fresh_task_process():
    """Each case stands for a task of its own: 3.x's masker warns about a short secret once per process."""
    for name in ("airflow.sdk._shared.secrets_masker.secrets_masker", "airflow.sdk.execution_time.secrets_masker"):
        module = sys.modules.get(name)  # importing the old name would warn that it is deprecated
        if module is not None and hasattr(module, "SecretsMasker"):
            module.SecretsMasker._has_warned_short_secret = False


for line in sys.stdin:
    case = json.loads(line)
    fresh_task_process()
    os.environ["AIRFLOW_CONN_SSH_NEW"] = json.dumps(case["conn"])
    os.environ["HOME"] = case["home"]
    started = time.monotonic()
    try:
        result = run_case(case)
        sys.stdout.flush()
        print("RESULT", "" if result is None else result, flush=True)
    except BaseException as e:  # the differential test compares the failure text
        sys.stdout.flush()
        name = f"{type(e).__module__}.{type(e).__name__}"
        if type(e).__name__ == "AirflowSkipException":
            print("SKIPPED", str(e), flush=True)
        else:
            print("ERROR", name, str(e), flush=True)
    print("@@END", flush=True)
    print(f"elapsed {time.monotonic() - started:.1f}", file=sys.stderr, flush=True)
