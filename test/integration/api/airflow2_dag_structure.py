"""What Airflow 2's stable API answers about a DAG's structure, without a webserver: the DAG folder is parsed and
synced into a fresh SQLite metastore, then each DAG is dumped the way the endpoints do it (dag_endpoint.get_dag_details,
task_endpoint.get_tasks, dag_source_endpoint.get_dag_source).

Usage: airflow2_dag_structure.py <dags-folder>   (AIRFLOW_HOME: an empty temp folder)
Prints {dag_id: {"details": …, "tasks": …, "source": …}} as the last line (Airflow logs to stdout before it).
"""
import json
import sys

from airflow.utils import db

db.initdb()

from airflow.api_connexion.schemas.dag_schema import dag_detail_schema  # noqa: E402
from airflow.api_connexion.schemas.task_schema import TaskCollection, task_collection_schema  # noqa: E402
from airflow.models.dag import DagModel  # noqa: E402
from airflow.models.dagbag import DagBag  # noqa: E402
from airflow.models.dagcode import DagCode  # noqa: E402
from airflow.utils.session import create_session  # noqa: E402


def main():
    bag = DagBag(sys.argv[1], include_examples=False)
    bag.sync_to_db()
    out = {}
    with create_session() as session:
        for dag_id, dag in bag.dags.items():
            dag_model = session.get(DagModel, dag_id)
            for key, value in dag.__dict__.items():
                if not key.startswith("_") and not hasattr(dag_model, key):
                    setattr(dag_model, key, value)
            tasks = sorted(dag.tasks, key=lambda t: t.task_id)
            out[dag_id] = {
                "details": dag_detail_schema.dump(dag_model),
                "tasks": task_collection_schema.dump(TaskCollection(tasks=tasks, total_entries=len(tasks))),
                "source": DagCode.code(dag.fileloc, session=session),
            }
    print("\n" + json.dumps(out, default=str))


if __name__ == "__main__":
    main()
