"""What `from M import N` does in a DAG file on this Airflow: the import table of the version table's rows.

Usage:
  airflow_imports_dump.py candidates OUT.json      (with Airflow 2.10's Python: .venv/airflow)
  airflow_imports_dump.py sdk-candidates OUT.json  (with the newest Airflow 3's Python: .venv/airflow-3.3.1)
  airflow_imports_dump.py probe CANDIDATES.json[,MORE.json] [--typescript CONST]
                                                   (with the Python of the version to describe)

`--typescript IMPORTS_3_3_1` prints the table as a constant of agent/airflow/airflow-imports.ts.

`candidates` lists, for every public module of Airflow 2.10 (files, and the virtual modules its deprecation
tables create: airflow.operators.bash_operator, airflow.contrib.*, ...), the public names it has. These are
the import paths DAG files written for Airflow 2 use. `sdk-candidates` adds the names the newest Airflow 3's
`airflow.sdk` exports (an older 3.x may lack some).

`probe` answers, on the running Airflow, for each candidate module whether it imports, and for each name what
the statement `from M import N` does in a DAG file as the dag-processor runs it (3.x
airflow/dag_processing/processor.py): the manager has already imported M (`_pre_import_airflow_modules`), so
only the name lookup happens in the file, inside DagBag's `catch_warnings(record=True)`, in a module named
like DagBag names DAG files, with Airflow's own warning filters. Prints JSON (stdout):

  missing_modules   the module roots that do not import (ModuleNotFoundError: No module named '<root>');
  missing_names     module -> the names whose import raises Python's "cannot import name" ImportError (names
                    of modules no DAG file imports from are left out);
  import_warnings   "M.N" -> the warnings DagBag records ("Category: message"), for names that warn.
"""

import importlib
import json
import os
import re
import sys
import tempfile
import warnings

# Airflow logs to stdout; keep stdout for the JSON only.
result_stream = os.fdopen(os.dup(1), "w")
os.dup2(2, 1)
os.environ["AIRFLOW_HOME"] = tempfile.mkdtemp(prefix="airflow-home-")
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"

# Subsystems no DAG file imports from: their modules are probed (a DAG importing one still fails the same way),
# their names are not (the table would only grow).
INTERNAL = (
    "airflow.api",
    "airflow.auth",
    "airflow.callbacks",
    "airflow.cli",
    "airflow.config_templates",
    "airflow.dag_processing",
    "airflow.executors",
    "airflow.jobs",
    "airflow.kubernetes",
    "airflow.listeners",
    "airflow.logging_config",
    "airflow.metrics",
    "airflow.migrations",
    "airflow.plugins_manager",
    "airflow.providers_manager",
    "airflow.security",
    "airflow.serialization",
    "airflow.settings",
    "airflow.stats",
    "airflow.task",
    "airflow.ti_deps",
    "airflow.traces",
    "airflow.typing_compat",
    "airflow.utils.log",
    "airflow.www",
)
SKIPPED_DIRS = {"providers", "example_dags", "migrations", "www", "ui", "api_fastapi", "_vendor", "__pycache__", "tests"}


def is_internal(module):
    return any(module == p or module.startswith(p + ".") or module.startswith(p + "_") for p in INTERNAL)


def candidates():
    import airflow

    root = os.path.dirname(airflow.__file__)
    modules = set()
    for dirpath, dirnames, filenames in os.walk(root):
        parts = os.path.relpath(dirpath, os.path.dirname(root)).split(os.sep)
        if any(p in SKIPPED_DIRS for p in parts[1:]):
            dirnames[:] = []
            continue
        for f in filenames:
            if f.endswith(".py"):
                modules.add(".".join(parts + ([] if f == "__init__.py" else [f[:-3]])))
    out = {}
    for m in sorted(modules):
        if any(p.startswith("_") for p in m.split(".")):
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                mod = importlib.import_module(m)
        except BaseException:
            continue
        out[m] = sorted(n for n in dir(mod) if not n.startswith("_"))
        # Virtual modules made by the deprecation tables (airflow.operators.bash_operator, airflow.contrib.*).
        table = vars(mod).get("__deprecated_classes")
        if isinstance(table, dict):
            for sub, names in table.items():
                out.setdefault(f"{m}.{sub}", [])
                out[f"{m}.{sub}"] = sorted(set(out[f"{m}.{sub}"]) | set(names))
    return out


def category(w):
    c = w.category
    return c.__qualname__ if c.__module__ == "builtins" else f"{c.__module__}.{c.__qualname__}"


def probe(cands):
    import airflow  # noqa: F401  (installs Airflow's warning filters, as in the dag-processor)

    dag_file = os.path.join(tempfile.mkdtemp(), "probe_dag.py")
    missing_modules, missing_names, import_warnings = {}, {}, {}
    for m, names in sorted(cands.items()):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                importlib.import_module(m)
        except BaseException as e:
            text = f"{type(e).__name__}: {e}"
            root = getattr(e, "name", None) if isinstance(e, ModuleNotFoundError) else None
            if root and (m == root or m.startswith(root + ".")):
                missing_modules[root] = None
            elif not is_internal(m):
                raise SystemExit(f"{m}: {text}: a DAG-facing module that fails another way (extend the table)")
            continue
        if is_internal(m):
            continue
        for n in names:
            code = compile(f"from {m} import {n}\n", dag_file, "exec")
            namespace = {"__name__": "unusual_prefix_0000_probe_dag", "__file__": dag_file}
            try:
                with warnings.catch_warnings(record=True) as caught:
                    exec(code, namespace)
            except ImportError as e:
                text = f"{type(e).__name__}: {e}"
                if not text.startswith(f"ImportError: cannot import name '{n}' from '{m}' ("):
                    raise SystemExit(f"{m}.{n}: {text}: an ImportError of another kind (extend the table)")
                missing_names.setdefault(m, []).append(n)
                continue
            except BaseException:
                continue
            if caught:
                import_warnings[f"{m}.{n}"] = [f"{category(w)}: {w.message}" for w in caught]
    roots = sorted(r for r in missing_modules if not any(r.startswith(o + ".") for o in missing_modules))
    return {"missing_modules": roots, "missing_names": missing_names, "import_warnings": import_warnings}


STANDARD_WARNING = re.compile(
    r"airflow\.utils\.deprecation_tools\.DeprecatedImportWarning: The `(.+)` attribute is deprecated\. "
    r"Please use `'(.+)'`\.$"
)


def typescript(table, const):
    """The table as agent/airflow/airflow-imports.ts holds it: a module's missing names in one space-separated
    string, a warning with the standard text as its target."""

    def warning(name, text):
        m = STANDARD_WARNING.match(text)
        return "=" + m.group(2) if m and m.group(1) == name else text

    def strings(items):
        return "[" + ", ".join(json.dumps(i) for i in items) + "]"

    lines = [f"export const {const}: ImportFacts = {{", "  missingModules: ["]
    lines += [f"    {json.dumps(m)}," for m in table["missing_modules"]]
    lines += ["  ],", "  missingNames: {"]
    lines += [f"    {json.dumps(m)}: {json.dumps(' '.join(sorted(n)))}," for m, n in sorted(table["missing_names"].items())]
    lines += ["  },", "  importWarnings: {"]
    lines += [
        f"    {json.dumps(k)}: {strings([warning(k, w) for w in ws])},"
        for k, ws in sorted(table["import_warnings"].items())
    ]
    lines += ["  },", "};"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if sys.argv[1] == "candidates":
        with open(sys.argv[2], "w") as f:
            json.dump(candidates(), f)
    elif sys.argv[1] == "sdk-candidates":
        import airflow.sdk

        with open(sys.argv[2], "w") as f:
            json.dump({"airflow.sdk": sorted(n for n in airflow.sdk.__all__ if not n.startswith("_"))}, f)
    else:
        merged = {}
        for path in sys.argv[2].split(","):
            with open(path) as f:
                for module, names in json.load(f).items():
                    merged[module] = sorted(set(merged.get(module, [])) | set(names))
        table = probe(merged)
        if "--typescript" in sys.argv:
            result_stream.write(typescript(table, sys.argv[sys.argv.index("--typescript") + 1]))
        else:
            result_stream.write(json.dumps(table, indent=1, sort_keys=True))
    result_stream.close()
