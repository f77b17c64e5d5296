"""Loads a DAG folder with Apache Airflow's DagBag and prints the JSON shape of `mwaa-agent dags parse`.

Usage: dagbag_dump.py DAG_FOLDER NOW_ISO [--glob]

Run with .venv/airflow/bin/python. AIRFLOW_HOME is a fresh temp dir, examples are off and every file is
processed in sorted relative-path order (DagBag.collect_dags walks in directory order, which would make
duplicate-dag_id errors land on an arbitrary file). The clock is frozen at NOW_ISO with time-machine so
days_ago() gives the same dates as the static reader's injected clock.
"""

import json
import os
import re
import sys
import tempfile
import time

# Airflow logs to stdout; keep stdout for the JSON only.
result_stream = os.fdopen(os.dup(1), "w")
os.dup2(2, 1)

folder = os.path.abspath(sys.argv[1])
now_iso = sys.argv[2]
home = tempfile.mkdtemp(prefix="airflow-home-")
os.environ.update(
    {
        "AIRFLOW_HOME": home,
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_FOLDER": folder,
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home}/airflow.db",
        "AIRFLOW__CORE__DAG_IGNORE_FILE_SYNTAX": "glob" if "--glob" in sys.argv else "regexp",
        "AIRFLOW__LOGGING__LOGGING_LEVEL": "ERROR",
    }
)

import time_machine  # noqa: E402

with time_machine.travel(now_iso, tick=False):
    from datetime import timedelta  # noqa: E402

    from airflow.models.dagbag import DagBag  # noqa: E402
    from airflow.utils.file import list_py_file_paths  # noqa: E402
    from airflow.utils.types import NOTSET  # noqa: E402

    started = time.perf_counter()
    bag = DagBag(dag_folder=folder, include_examples=False, collect_dags=False)
    files = sorted(list_py_file_paths(folder, safe_mode=True, include_examples=False), key=lambda p: os.path.relpath(p, folder))
    for f in files:
        bag.process_file(f, only_if_updated=False, safe_mode=True)
    elapsed = time.perf_counter() - started


def rel(path):
    return os.path.relpath(path, folder).replace(os.sep, "/")


def iso(dt):
    if dt is None:
        return None
    return dt.astimezone(__import__("datetime").timezone.utc).isoformat()


def js(v):
    if v is NOTSET:
        return "NOTSET"
    if isinstance(v, timedelta):
        return v.total_seconds()
    if isinstance(v, (list, tuple, set, frozenset)):
        return [js(x) for x in v]
    if isinstance(v, dict):
        return {str(k): js(x) for k, x in v.items()}
    if hasattr(v, "isoformat"):
        return iso(v)
    return v


REPORTED = {
    "SSHOperator": ["ssh_conn_id", "command", "remote_host", "cmd_timeout", "conn_timeout", "environment", "get_pty", "banner_timeout", "skip_on_exit_code"],
    "BashOperator": ["bash_command", "env", "append_env", "cwd", "skip_on_exit_code", "output_encoding"],
    "EmptyOperator": [],
    "PythonOperator": [],
}


def schedule(dag):
    s = dag.schedule_interval
    if s is None or isinstance(s, str):
        return s
    if isinstance(s, timedelta):
        return {"timedelta_seconds": s.total_seconds()}
    return repr(s)


def seconds(td):
    return None if td is None else td.total_seconds()


def task_json(t):
    name = type(t).__name__
    return {
        "task_id": t.task_id,
        "operator": name,
        "downstream_task_ids": sorted(t.downstream_task_ids),
        "trigger_rule": str(t.trigger_rule.value if hasattr(t.trigger_rule, "value") else t.trigger_rule),
        "retries": t.retries,
        "retry_delay_seconds": seconds(t.retry_delay),
        "execution_timeout_seconds": seconds(t.execution_timeout),
        "args": {k: js(getattr(t, k)) for k in REPORTED.get(name, [])},
    }


def dag_json(d):
    restriction = d._time_restriction
    return {
        "dag_id": d.dag_id,
        "fileloc": rel(d.fileloc),
        "schedule": schedule(d),
        "start_date": iso(restriction.earliest),
        "end_date": iso(restriction.latest),
        "timezone": d.timezone.name,
        "catchup": d.catchup,
        "max_active_runs": d.max_active_runs,
        "max_active_tasks": d.max_active_tasks,
        "tags": sorted(d.tags or []),
        "tasks": sorted((task_json(t) for t in d.tasks), key=lambda t: t["task_id"]),
    }


def error_json(filename, trace):
    lines = [ln for ln in trace.strip().splitlines() if ln.strip()]
    frame_lines = [int(m.group(1)) for m in re.finditer(r'File "%s", line (\d+)' % re.escape(filename), trace)]
    return {"filename": rel(filename), "line": frame_lines[-1] if frame_lines else None, "message": lines[-1] if lines else ""}


def module_availability():
    """Whether each dotted prefix imported by the folder's files can be imported here (Python's own answer)."""
    import ast
    import importlib

    sys.path.insert(0, folder)
    names = set()
    for f in files:
        if not f.endswith(".py"):
            continue
        try:
            tree = ast.parse(open(f, encoding="utf-8").read())
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
    result = {}
    for name in names:
        parts = name.split(".")
        for i in range(1, len(parts) + 1):
            prefix = ".".join(parts[:i])
            if prefix in result:
                continue
            # import_module, not find_spec: Airflow's deprecated modules (airflow.operators.dummy, ...)
            # exist only through an import hook.
            try:
                importlib.import_module(prefix)
                result[prefix] = True
            except Exception:
                result[prefix] = False
    return result


out = {
    "modules": module_availability(),
    "dags": sorted((dag_json(d) for d in bag.dags.values()), key=lambda d: d["dag_id"]),
    "import_errors": sorted((error_json(f, e) for f, e in bag.import_errors.items()), key=lambda e: e["filename"]),
    "files": [rel(f) for f in files],
    "seconds": elapsed,
}
result_stream.write(json.dumps(out, indent=1, default=str))
result_stream.close()
