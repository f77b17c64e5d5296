"""Drives a running mwaa-agent (Airflow 3 environment) with the official apache-airflow-client 3.x, as a user's
script would: a token from POST /auth/token, then the client's APIs.

Usage: airflow_client3_check.py <base-url> <user> <password>
Prints one JSON object with what it saw; any model the client cannot validate raises and exits non-zero.
"""
import json
import sys
import time
import urllib.request

import airflow_client.client as client
from airflow_client.client.api import (
    connection_api,
    dag_api,
    dag_run_api,
    dag_source_api,
    import_error_api,
    monitor_api,
    task_api,
    task_instance_api,
    variable_api,
    version_api,
    x_com_api,
)
from airflow_client.client.models.connection_body import ConnectionBody
from airflow_client.client.models.dag_patch_body import DAGPatchBody
from airflow_client.client.models.trigger_dag_run_post_body import TriggerDAGRunPostBody
from airflow_client.client.models.variable_body import VariableBody

DAG_ID = "client_chain"


def token(url, user, password):
    """The way the client's README gets a token: a plain POST to /auth/token."""
    req = urllib.request.Request(
        f"{url}/auth/token",
        data=json.dumps({"username": user, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req) as r:
        return json.load(r)["access_token"]


def main():
    url, user, password = sys.argv[1:4]
    config = client.Configuration(host=url, access_token=token(url, user, password))
    out = {}
    with client.ApiClient(config) as api:
        dags = dag_api.DAGApi(api)
        runs = dag_run_api.DagRunApi(api)
        tis = task_instance_api.TaskInstanceApi(api)
        conns = connection_api.ConnectionApi(api)

        listed = dags.get_dags(limit=10)
        out["dag_ids"] = [d.dag_id for d in listed.dags]
        out["total_entries"] = listed.total_entries
        out["tasks"] = {t.task_id: t.downstream_task_ids for t in task_api.TaskApi(api).get_tasks(DAG_ID).tasks}
        out["details_timezone"] = dags.get_dag_details(DAG_ID).timezone
        out["source_has_dag_id"] = DAG_ID in dag_source_api.DagSourceApi(api).get_dag_source(DAG_ID).content

        dags.patch_dag(DAG_ID, DAGPatchBody(is_paused=False))
        run = runs.trigger_dag_run(DAG_ID, TriggerDAGRunPostBody(logical_date=None, conf={"from": "client-3"}))
        out["triggered_state"] = run.state.value
        deadline = time.monotonic() + 60
        while True:
            run = runs.get_dag_run(DAG_ID, run.dag_run_id)
            if run.state.value in ("success", "failed") or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        out["run_id"] = run.dag_run_id
        out["final_state"] = run.state.value
        out["conf"] = run.conf

        instances = tis.get_task_instances(DAG_ID, run.dag_run_id)
        out["task_states"] = {t.task_id: t.state.value for t in instances.task_instances}
        log = tis.get_log(DAG_ID, run.dag_run_id, "say_hello", 1)
        events = [m.event for m in log.content.actual_instance]
        out["log_events"] = events
        xcom = x_com_api.XComApi(api).get_xcom_entries(DAG_ID, run.dag_run_id, "say_hello")
        out["xcom_keys"] = [x.key for x in xcom.xcom_entries]

        conns.post_connection(
            ConnectionBody(connection_id="ssh_new", conn_type="ssh", host="127.0.0.1", login="u", port=22,
                           extra=json.dumps({"key_file": "/usr/local/airflow/dags/your-secret-key.pem"}))
        )
        out["connections"] = [c.connection_id for c in conns.get_connections().connections]
        one = conns.get_connection("ssh_new")
        out["connection"] = {"conn_type": one.conn_type, "host": one.host, "port": one.port, "extra": one.extra}

        variables = variable_api.VariableApi(api)
        variables.post_variable(VariableBody(key="region", value="eu-west-1"))
        out["variables"] = {v.key: v.value for v in variables.get_variables().variables}
        out["import_errors"] = import_error_api.ImportErrorApi(api).get_import_errors().total_entries
        out["health"] = monitor_api.MonitorApi(api).get_health().scheduler.status
        out["version"] = version_api.VersionApi(api).get_version().version
        conns.delete_connection("ssh_new")
        variables.delete_variable("region")
        out["connections_after_delete"] = conns.get_connections().total_entries
    print(json.dumps(out))


if __name__ == "__main__":
    main()
