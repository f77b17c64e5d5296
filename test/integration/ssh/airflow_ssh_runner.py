"""Runs Airflow's real SSHOperator (.venv/airflow) for the differential test: one case per JSON line on stdin.

Each case is {"conn": <AIRFLOW_CONN JSON>, "command": str, "home": <known_hosts home>}; the output for each is
its log records as `{file:line} LEVEL - message`, then `RESULT <b64>` or `ERROR <class> <message>`, then `@@END`.
"""
import json
import logging
import os
import sys

from airflow.providers.ssh.operators.ssh import SSHOperator

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

for line in sys.stdin:
    case = json.loads(line)
    os.environ["AIRFLOW_CONN_SSH_NEW"] = json.dumps(case["conn"])
    os.environ["HOME"] = case["home"]
    op = SSHOperator(task_id="ssh_task", ssh_conn_id="ssh_new", command=case["command"])
    try:
        print("RESULT", op.execute(context=None), flush=True)
    except Exception as e:  # the differential test compares the failure text
        print("ERROR", f"{type(e).__module__}.{type(e).__name__}", str(e), flush=True)
    print("@@END", flush=True)
