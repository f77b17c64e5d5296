"""Drives a running mwaa-agent with the official apache-airflow-client, as a user's script would.

Usage: airflow_client_check.py <base-url> <user> <password> <ssh-host> <ssh-port> <ssh-user>
Prints one JSON object with what it saw; any model the client cannot validate raises and exits non-zero.
"""
import json
import sys
import time

import airflow_client.client as client
from airflow_client.client.api import connection_api, dag_api, dag_run_api, import_error_api, monitoring_api, task_instance_api, variable_api, x_com_api
from airflow_client.client.model.variable import Variable
from airflow_client.client.model.connection import Connection
from airflow_client.client.model.dag import DAG
from airflow_client.client.model.dag_run import DAGRun

DAG_ID = "ssh_operator_example"


def main() -> None:
    url, user, password, ssh_host, ssh_port, ssh_user = sys.argv[1:7]
    config = client.Configuration(host=f"{url}/api/v1", username=user, password=password)
    out = {}
    with client.ApiClient(config) as api:
        dags = dag_api.DAGApi(api)
        runs = dag_run_api.DAGRunApi(api)
        tis = task_instance_api.TaskInstanceApi(api)
        conns = connection_api.ConnectionApi(api)

        listed = dags.get_dags(limit=10)
        out["dag_ids"] = [d.dag_id for d in listed.dags]
        out["total_entries"] = listed.total_entries
        # The DAG's structure before any run (GET /dags/{dag_id}/tasks, /details, /dagSources/{file_token}).
        out["tasks"] = [t.task_id for t in dags.get_tasks(DAG_ID).tasks]
        out["details_catchup"] = dags.get_dag_details(DAG_ID).catchup
        source = dags.get_dag_source(listed.dags[0].file_token)
        out["source_has_dag_id"] = DAG_ID in source.content

        conns.post_connection(
            Connection(
                connection_id="ssh_new",
                conn_type="ssh",
                host=ssh_host,
                login=ssh_user,
                port=int(ssh_port),
                extra=json.dumps({"key_file": "/usr/local/airflow/dags/your-secret-key.pem"}),
            )
        )
        dags.patch_dag(DAG_ID, DAG(is_paused=False), update_mask=["is_paused"])
        run = runs.post_dag_run(DAG_ID, DAGRun(conf={"from": "airflow-client"}))
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
        log = tis.get_log(DAG_ID, run.dag_run_id, "ssh_task", 1)
        out["log_content"] = log.content

        out["connections"] = [c.connection_id for c in conns.get_connections().connections]
        one = conns.get_connection("ssh_new")
        out["connection"] = {"conn_type": one.conn_type, "host": one.host, "port": one.port, "extra": one.extra}
        out["has_password_attr"] = "password" in one.to_dict()

        # The rest of what a script reads, each through the client's strict response models.
        out["version"] = monitoring_api.MonitoringApi(api).get_version().version
        out["health"] = monitoring_api.MonitoringApi(api).get_health().scheduler.status.value
        out["dag_paused"] = dags.get_dag(DAG_ID).is_paused
        out["task_operator"] = tis.get_task_instance(DAG_ID, run.dag_run_id, "ssh_task").operator
        xcoms = x_com_api.XComApi(api).get_xcom_entries(DAG_ID, run.dag_run_id, "ssh_task")
        out["xcom_keys"] = [x.key for x in xcoms.xcom_entries]
        out["import_errors"] = import_error_api.ImportErrorApi(api).get_import_errors().total_entries
        variables = variable_api.VariableApi(api)
        variables.post_variables(Variable(key="region", value="eu-west-1"))
        out["variables"] = {v.key: v.value for v in variables.get_variables().variables}
        variables.delete_variable("region")
        conns.delete_connection("ssh_new")
        out["connections_after_delete"] = conns.get_connections().total_entries
    print(json.dumps(out))


if __name__ == "__main__":
    main()
