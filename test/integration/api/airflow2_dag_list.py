"""What Airflow 2's GET /api/v1/dags answers for each query, without a webserver process: the DAG folder is parsed and
synced into a fresh SQLite metastore, then each query goes through the webserver's own Flask app (test client, basic
auth as an Admin user). Usage: airflow2_dag_list.py <dags-folder> <query>…   (AIRFLOW_HOME: an empty temp folder)
Prints {query: {"status": …, "total_entries": …, "dags": [[dag_id, is_paused], …]}} as the last line.
"""
import base64
import json
import os
import sys

os.environ["AIRFLOW__API__AUTH_BACKENDS"] = "airflow.api.auth.backend.basic_auth"
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = sys.argv[1]
os.environ["AIRFLOW__WEBSERVER__SECRET_KEY"] = "test"

from airflow.utils import db  # noqa: E402

db.initdb()

from airflow.models.dagbag import DagBag  # noqa: E402
from airflow.www.app import create_app  # noqa: E402


def main():
    DagBag(sys.argv[1], include_examples=False).sync_to_db()
    app = create_app(testing=True)
    sm = app.appbuilder.sm
    sm.add_user("admin", "a", "b", "a@b.c", sm.find_role("Admin"), password="pw")
    client = app.test_client()
    auth = {"Authorization": "Basic " + base64.b64encode(b"admin:pw").decode()}
    out = {}
    for query in sys.argv[2:]:
        r = client.get(query, headers=auth)
        body = r.get_json()
        ok = r.status_code == 200
        out[query] = {
            "status": r.status_code,
            "total_entries": body["total_entries"] if ok else None,
            "dags": [[d["dag_id"], d["is_paused"]] for d in body["dags"]] if ok else None,
        }
    print("\n" + json.dumps(out))


if __name__ == "__main__":
    main()
