"""Runs Airflow's real SSHOperator for the differential test: one case per JSON line on stdin.

Run with the Python of an Airflow virtualenv: .venv/airflow (2.10.5 + provider 3.14.0), .venv/airflow-3.0.6
(provider 4.1.3), .venv/airflow-3.3.1 (provider 6.0.1); or another provider version put first on PYTHONPATH.

Each case is {"conn": <AIRFLOW_CONN JSON>, "command": str, "home": <known_hosts home>}; the output for each is
its log records, then `RESULT <b64>` or `ERROR <class> <message>`, then `@@END`.

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

import json
import logging
import os
import sys
from importlib.metadata import version as package_version

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
from airflow.providers.ssh.operators.ssh import SSHOperator  # noqa: E402

if AIRFLOW3:
    configure_3x()
else:
    configure_2x()

for line in sys.stdin:
    case = json.loads(line)
    os.environ["AIRFLOW_CONN_SSH_NEW"] = json.dumps(case["conn"])
    os.environ["HOME"] = case["home"]
    op = SSHOperator(task_id="ssh_task", ssh_conn_id="ssh_new", command=case["command"])
    try:
        result = op.execute(context=None)
        sys.stdout.flush()
        print("RESULT", result, flush=True)
    except Exception as e:  # the differential test compares the failure text
        sys.stdout.flush()
        print("ERROR", f"{type(e).__module__}.{type(e).__name__}", str(e), flush=True)
    print("@@END", flush=True)
