"""Oracle for the task log reader: Airflow 3's own parsing of a log file's lines, as the log endpoint serves them.

Run with the Python of an Airflow 3 virtualenv. stdin: the file's text. stdout: one JSON list, the messages
`FileTaskHandler._read` yields after its header (`_interleave_logs` over the file's lines), as pydantic dumps
them (`model_dump(mode="json")`).
"""

import json
import os
import sys
import tempfile

os.environ.setdefault("AIRFLOW_HOME", tempfile.mkdtemp(prefix="airflow-home-"))

from airflow.utils.log.file_task_handler import _interleave_logs  # noqa: E402

text = sys.stdin.read()
json.dump([m.model_dump(mode="json") for m in _interleave_logs(iter(text.split("\n")))], sys.stdout)
