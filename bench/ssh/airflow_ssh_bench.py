"""Airflow's own SSHHook (provider 3.14.0, paramiko 3.5.0 from .venv/airflow) on the same sshd, for bench/ssh.

Runs what Airflow's SSHOperator does per task (a new SSHHook, get_conn, exec_ssh_client_command, close) and
prints JSON: cold trigger-to-command-start latencies (ms) and the throughput of N `true` tasks run by T threads.
Airflow's scheduler/executor overhead is NOT included: this is the operator alone, a lower bound for Airflow.
"""
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import logging

logging.disable(logging.CRITICAL)

from airflow.providers.ssh.hooks.ssh import SSHHook  # noqa: E402

host, port, user, key = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
latency_n, tasks, threads = int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])


def run(command):
    hook = SSHHook(remote_host=host, port=port, username=user, key_file=key, cmd_timeout=10)
    with hook.get_conn() as client:
        return hook.exec_ssh_client_command(client, command, get_pty=False, environment=None, timeout=10)


latencies = []
for _ in range(latency_n):
    t0 = time.time_ns()
    _, out, _ = run("date +%s%N")
    latencies.append((int(out.strip()) - t0) / 1e6)

start = time.perf_counter()
with ThreadPoolExecutor(threads) as pool:
    results = list(pool.map(lambda _: run("true")[0], range(tasks)))
elapsed = time.perf_counter() - start
print(json.dumps({"cold": latencies, "tasks": tasks, "failed": sum(1 for r in results if r != 0), "seconds": elapsed}))
