"""Loads a DAG folder with Apache Airflow's DagBag and prints the JSON shape of `mwaa-agent dags parse`.

Usage: dagbag_dump.py DAG_FOLDER NOW_ISO [--glob | --regexp] [--env NAME=VALUE]... [--store-var KEY=VALUE]...

Run with the Python of an Airflow virtualenv: .venv/airflow (2.10.5), .venv/airflow-3.0.6, .venv/airflow-3.3.1.
AIRFLOW_HOME is a fresh temp dir, examples are off and every file is processed in sorted relative-path order.
The clock is frozen at NOW_ISO with time-machine so days_ago()/pendulum.today() give the same dates as the
static reader's injected clock.

- `.airflowignore` syntax: --glob / --regexp force one; without either, the version's default (2.x regexp,
  3.x glob).
- --env sets an environment variable before Airflow is imported (e.g. AIRFLOW_VAR_HOST=web1).
- --store-var puts a variable in the metadata store: on 2.x a migrated SQLite database (slow, ~1 min), on
  3.x the answer the dag-processor's supervisor gives to the parse process's GetVariable (see below).

Airflow 2.x: one DagBag, `process_file` per file (DagBag.collect_dags walks in directory order, which would
make duplicate-dag_id errors land on an arbitrary file).

Airflow 3.x: as the dag-processor does it (airflow/dag_processing/processor.py): per file, the manager
pre-imports the file's airflow modules and forks a parse process, which runs `_parse_file`: on 3.3+ the
DAG-stability check, one bag for the file with `bundle_path` = the folder, then `_serialize_dags`
(serialization failures are import errors). Start/end dates and the timetable are read from the DAG as the
scheduler sees it (deserialized). The parse process asks its supervisor for variables over
SUPERVISOR_COMMS; the supervisor asks the API server, which answers from the metadata database. This script
has no supervisor, so it stands in for it with the same answers (`VariableResult` for a stored variable,
`ErrorResponse(VARIABLE_NOT_FOUND, {"key": ...})` otherwise — processor.py `_handle_request`, sdk/api/client.py
`VariableOperations.get`). Duplicate dag_ids in two files are not an error at parse time on 3.x (each file
has its own bag), so both DAGs are listed.

Output (stdout, JSON):
  dags, import_errors, files  the shape `mwaa-agent dags parse --output json` has (differential tests);
  modules                     which dotted import prefixes import here (Python's own answer);
  details                     per DAG: timetable, owners, tags as stored, task owners, outlets, mapping;
  import_error_traces         the full text Airflow stores for each import error;
  warnings                    the warnings DagBag captured per file (deprecated imports, ...);
  airflow_version, python_version, seconds.
"""

import json
import os
import re
import sys
import tempfile
import time
from importlib.metadata import version as package_version

# Airflow logs to stdout; keep stdout for the JSON only.
result_stream = os.fdopen(os.dup(1), "w")
os.dup2(2, 1)


def option_values(name):
    return [sys.argv[i + 1] for i, a in enumerate(sys.argv[:-1]) if a == name]


folder = os.path.abspath(sys.argv[1])
now_iso = sys.argv[2]
AIRFLOW_VERSION = package_version("apache-airflow")
AIRFLOW3 = int(AIRFLOW_VERSION.split(".")[0]) >= 3
home = tempfile.mkdtemp(prefix="airflow-home-")
os.environ.update(
    {
        "AIRFLOW_HOME": home,
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_FOLDER": folder,
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home}/airflow.db",
        "AIRFLOW__LOGGING__LOGGING_LEVEL": "ERROR",
    }
)
if "--glob" in sys.argv:
    os.environ["AIRFLOW__CORE__DAG_IGNORE_FILE_SYNTAX"] = "glob"
elif "--regexp" in sys.argv:
    os.environ["AIRFLOW__CORE__DAG_IGNORE_FILE_SYNTAX"] = "regexp"
elif not AIRFLOW3:
    os.environ["AIRFLOW__CORE__DAG_IGNORE_FILE_SYNTAX"] = "regexp"
for assignment in option_values("--env"):
    name, _, value = assignment.partition("=")
    os.environ[name] = value
STORED_VARIABLES = dict(a.partition("=")[::2] for a in option_values("--store-var"))

import time_machine  # noqa: E402

traveller = time_machine.travel(now_iso, tick=False)
traveller.start()

from datetime import timedelta, timezone  # noqa: E402

from airflow.utils.types import NOTSET  # noqa: E402


def store_variables_2x():
    from airflow.models import Variable
    from airflow.utils import db

    db.initdb(load_connections=False)
    for key, value in STORED_VARIABLES.items():
        Variable.set(key, value)


class SupervisorStandIn:
    """Answers the parse process's requests as the dag-processor's supervisor does (3.x)."""

    def send(self, msg):
        from airflow.sdk.exceptions import ErrorType
        from airflow.sdk.execution_time.comms import ErrorResponse, GetVariable, VariableResult

        if isinstance(msg, GetVariable):
            if msg.key in STORED_VARIABLES:
                return VariableResult(key=msg.key, value=STORED_VARIABLES[msg.key])
            return ErrorResponse(error=ErrorType.VARIABLE_NOT_FOUND, detail={"key": msg.key})
        return ErrorResponse(error=ErrorType.GENERIC_ERROR, detail={"message": f"not supported here: {msg!r}"})

    send_request = send


def parse_2x():
    from airflow.models.dagbag import DagBag
    from airflow.utils.file import list_py_file_paths

    if STORED_VARIABLES:
        store_variables_2x()
    bag = DagBag(dag_folder=folder, include_examples=False, collect_dags=False)
    files = sorted(list_py_file_paths(folder, safe_mode=True, include_examples=False), key=relkey)
    for f in files:
        bag.process_file(f, only_if_updated=False, safe_mode=True)
    dags = [dag_json(d, d) for d in bag.dags.values()]
    details = [details_json(d, d) for d in bag.dags.values()]
    return files, dags, details, dict(bag.import_errors), dict(bag.captured_warnings)


def parse_3x():
    import structlog

    from airflow.dag_processing import processor
    from airflow.utils.file import list_py_file_paths

    log = structlog.get_logger(logger_name="processor")
    if folder not in sys.path:
        sys.path.append(folder)
    files = sorted(list_py_file_paths(folder, safe_mode=True), key=relkey)
    dags, details, errors, warnings = [], [], {}, {}
    for f in files:
        # As DagFileProcessorProcess.start: the manager pre-imports the file's airflow modules (their
        # import-time warnings go to the manager's log, never to the file's), then forks the parse process.
        processor._pre_import_airflow_modules(os.fspath(f), log)
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            try:
                with os.fdopen(write_end, "w") as pipe:
                    json.dump(parse_file_3x(f, processor, log), pipe, default=str)
            except BaseException:
                import traceback

                traceback.print_exc()
                os._exit(1)
            os._exit(0)
        os.close(write_end)
        with os.fdopen(read_end) as pipe:
            output = pipe.read()
        _, status = os.waitpid(pid, 0)
        if status != 0:
            raise SystemExit(f"the parse process for {f} failed (status {status}); see stderr")
        result = json.loads(output)
        dags += result["dags"]
        details += result["details"]
        errors.update(result["errors"])
        warnings.update(result["warnings"])
    return files, dags, details, errors, warnings


def parse_file_3x(f, processor, log):
    """processor._parse_file for one file, in the forked parse process; returns the JSON parts."""
    from airflow.sdk.execution_time import task_runner

    try:  # 3.3+
        from airflow.dag_processing.dagbag import BundleDagBag as Bag
    except ImportError:
        from airflow.models.dagbag import DagBag as Bag
    serializer = getattr(processor, "DagSerialization", None) or processor.SerializedDAG

    task_runner.SUPERVISOR_COMMS = SupervisorStandIn()
    result = {"dags": [], "details": [], "errors": {}, "warnings": {}}
    stability = getattr(processor, "check_dag_file_stability", None)
    if stability is not None:
        if error := stability(os.fspath(f)).get_error_format_dict(f, folder):
            result["errors"] = error
            return result
    kwargs = {"bundle_name": "dags-folder"} if Bag.__name__ == "BundleDagBag" else {"include_examples": False}
    bag = Bag(dag_folder=f, bundle_path=folder, load_op_links=False, **kwargs)
    serialized, serialization_errors = processor._serialize_dags(bag, log)
    bag.import_errors.update(serialization_errors)
    for item in serialized:
        data = item.data if hasattr(item, "data") else item
        live = bag.dags[data["dag"]["dag_id"]]
        scheduled = serializer.from_dict(data)
        result["dags"].append(dag_json(live, scheduled))
        result["details"].append(details_json(live, scheduled, data))
    result["errors"] = dict(bag.import_errors)
    result["warnings"] = {k: list(v) for k, v in bag.captured_warnings.items()}
    return result


def relkey(path):
    return os.path.relpath(path, folder)


def rel(path):
    return os.path.relpath(os.path.join(folder, path), folder).replace(os.sep, "/")


def iso(dt):
    if dt is None:
        return None
    return dt.astimezone(timezone.utc).isoformat()


def js(v):
    if v is NOTSET:
        return "NOTSET"
    if isinstance(v, timedelta):
        return v.total_seconds()
    if type(v).__name__ in ("XComArg", "PlainXComArg", "MapXComArg", "ZipXComArg", "ConcatXComArg"):
        return xcom_arg_json(v)
    if isinstance(v, (list, tuple, set, frozenset)):
        return [js(x) for x in v]
    if isinstance(v, dict):
        return {str(k): js(x) for k, x in v.items()}
    if hasattr(v, "isoformat"):
        return iso(v)
    if v is None or isinstance(v, (str, int, float, bool)):
        return v
    return repr(v)


def xcom_arg_json(arg):
    kind = type(arg).__name__
    if kind in ("XComArg", "PlainXComArg"):
        return {"xcom_arg": {"task_id": arg.operator.task_id, "key": arg.key}}
    if kind == "MapXComArg":
        return {"xcom_arg_map": {"arg": xcom_arg_json(arg.arg), "callables": len(arg.callables)}}
    return {"xcom_arg_" + kind.replace("XComArg", "").lower(): [xcom_arg_json(a) for a in arg.args]}


REPORTED = {
    "SSHOperator": ["ssh_conn_id", "command", "remote_host", "cmd_timeout", "conn_timeout", "environment", "get_pty", "banner_timeout", "skip_on_exit_code"],
    "BashOperator": ["bash_command", "env", "append_env", "cwd", "skip_on_exit_code", "output_encoding"],
    "EmptyOperator": [],
    "PythonOperator": [],
}


def schedule(dag, scheduled):
    s = dag.schedule if AIRFLOW3 else dag.schedule_interval
    if s is None or isinstance(s, str):
        return s
    if isinstance(s, timedelta):
        return {"timedelta_seconds": s.total_seconds()}
    if AIRFLOW3:  # deterministic forms, from the timetable the scheduler has (a repr holds memory addresses)
        tt = scheduled.timetable
        if type(tt).__name__ == "AssetTriggeredTimetable":
            return {"assets": asset_condition(tt)}
        return {"timetable": type(tt).__name__, "summary": tt.summary}
    return repr(s)


def seconds(td):
    return None if td is None else td.total_seconds()


def is_mapped(t):
    return type(t).__name__ == "MappedOperator"


def operator_name(t):
    if is_mapped(t):
        cls = t.operator_class
        return cls["task_type"] if isinstance(cls, dict) else cls.__name__
    return type(t).__name__


def task_args(t, name):
    if not is_mapped(t):
        return {k: js(getattr(t, k)) for k in REPORTED.get(name, [])}
    given = t.partial_kwargs
    return {k: js(given[k]) for k in REPORTED.get(name, []) if k in given}


def task_json(t):
    name = operator_name(t)
    return {
        "task_id": t.task_id,
        "operator": name,
        "downstream_task_ids": sorted(t.downstream_task_ids),
        "trigger_rule": str(t.trigger_rule.value if hasattr(t.trigger_rule, "value") else t.trigger_rule),
        "retries": t.retries,
        "retry_delay_seconds": seconds(t.retry_delay),
        "execution_timeout_seconds": seconds(t.execution_timeout),
        "args": task_args(t, name),
    }


def dag_json(d, scheduled):
    restriction = scheduled._time_restriction
    return {
        "dag_id": d.dag_id,
        "fileloc": rel(d.fileloc),
        "schedule": schedule(d, scheduled),
        "start_date": iso(restriction.earliest),
        "end_date": iso(restriction.latest),
        "timezone": d.timezone.name,
        "catchup": d.catchup,
        "max_active_runs": d.max_active_runs,
        "max_active_tasks": d.max_active_tasks,
        "tags": sorted(d.tags or []),
        "tasks": sorted((task_json(t) for t in d.tasks), key=lambda t: t["task_id"]),
    }


def asset_condition(timetable):
    condition = getattr(timetable, "asset_condition", None) or getattr(timetable, "dataset_condition", None)
    if condition is None:
        return None
    for method in ("as_expression",):
        if hasattr(condition, method):
            return js(getattr(condition, method)())
    return repr(condition)


def outlet_json(o):
    kind = type(o).__name__
    fields = {k: getattr(o, k) for k in ("name", "uri", "group") if getattr(o, k, None) is not None}
    return {"type": kind, **fields}


def mapping_json(t):
    # MappedOperator, and DecoratedMappedOperator (a mapped TaskFlow task, its subclass).
    if not hasattr(t, "expand_input"):
        return None
    expand = t._get_specified_expand_input() if hasattr(t, "_get_specified_expand_input") else t.expand_input
    return {"expand_input": type(expand).__name__, "value": js(expand.value)}


def details_json(d, scheduled, serialized=None):
    tt = scheduled.timetable
    return {
        "dag_id": d.dag_id,
        "fileloc": rel(d.fileloc),
        "timetable": {
            "type": type(tt).__name__,
            "summary": getattr(tt, "summary", None),
            "description": getattr(tt, "description", None),
            "can_be_scheduled": getattr(tt, "can_be_scheduled", None),
            "periodic": getattr(tt, "periodic", None),
            "asset_condition": asset_condition(tt),
        },
        # DAG.owner joins a set of task owners (its order changes between processes): sorted here.
        "owners": sorted({t.owner for t in d.tasks}),
        # 3.x keeps tags in a set; the serialized DAG (what the database and the API get) has this list.
        "tags_as_stored": list(serialized["dag"].get("tags", [])) if serialized else list(d.tags or []),
        "is_paused_upon_creation": d.is_paused_upon_creation,
        "dagrun_timeout_seconds": seconds(d.dagrun_timeout),
        "max_consecutive_failed_dag_runs": getattr(d, "max_consecutive_failed_dag_runs", None),
        "tasks": [
            {
                "task_id": t.task_id,
                "owner": t.owner,
                "task_type": getattr(t, "task_type", type(t).__name__),
                "outlets": [outlet_json(o) for o in (t.outlets or [])],
                "is_setup": getattr(t, "is_setup", False),
                "is_teardown": getattr(t, "is_teardown", False),
                "mapping": mapping_json(t),
            }
            for t in sorted(d.tasks, key=lambda t: t.task_id)
        ],
    }


def error_json(filename, trace):
    absolute = os.path.join(folder, filename)
    lines = [ln for ln in trace.strip().splitlines() if ln.strip()]
    frame_lines = [int(m.group(1)) for m in re.finditer(r'File "%s", line (\d+)' % re.escape(absolute), trace)]
    return {"filename": rel(filename), "line": frame_lines[-1] if frame_lines else None, "message": lines[-1] if lines else ""}


def module_availability(files):
    """Whether each dotted prefix imported by the folder's files can be imported here (Python's own answer)."""
    import ast
    import importlib
    import warnings

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
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    importlib.import_module(prefix)
                result[prefix] = True
            except Exception:
                result[prefix] = False
    return result


started = time.perf_counter()
files, dags, details, import_errors, captured_warnings = parse_3x() if AIRFLOW3 else parse_2x()
elapsed = time.perf_counter() - started
order = lambda d: (d["dag_id"], d["fileloc"])  # noqa: E731

out = {
    "airflow_version": AIRFLOW_VERSION,
    "python_version": sys.version.split()[0],
    "modules": module_availability(files),
    "dags": sorted(dags, key=order),
    "import_errors": sorted((error_json(f, e) for f, e in import_errors.items()), key=lambda e: e["filename"]),
    "files": [rel(f) for f in files],
    "details": sorted(details, key=order),
    "import_error_traces": {rel(f): e for f, e in sorted(import_errors.items(), key=lambda i: rel(i[0]))},
    "warnings": {rel(f): list(w) for f, w in sorted(captured_warnings.items(), key=lambda i: rel(i[0]))},
    "seconds": elapsed,
}
traveller.stop()
result_stream.write(json.dumps(out, indent=1, default=str))
result_stream.close()
