"""Validates request bodies with Airflow 3's own request models, as its API server does (FastAPI + pydantic).

Reads a JSON list of cases on stdin, each {"model": <class name>, "body": <JSON value>} or {"json": <text>};
prints a JSON list of results: for a model case {"errors": [...]} (FastAPI's 422 items: loc prefixed with "body")
or {"values": {...}} (the fields set, as JSON; datetimes also as epoch microseconds under "instants"); for a
text case {"error": {"msg", "pos"}} from json.loads, or null when it parses. Run by pydantic-models.test.ts with
the Airflow 3.3.1 virtualenv's Python.
"""
import datetime
import json
import sys

from fastapi.encoders import jsonable_encoder
from pydantic import ValidationError

from airflow.api_fastapi.auth.managers.simple.datamodels.login import LoginBody
from airflow.api_fastapi.core_api.datamodels.connections import ConnectionBody
from airflow.api_fastapi.core_api.datamodels.dag_run import DAGRunClearBody, DAGRunPatchBody, TriggerDAGRunPostBody
from airflow.api_fastapi.core_api.datamodels.dags import DAGPatchBody
from airflow.api_fastapi.core_api.datamodels.task_instances import ClearTaskInstancesBody, PatchTaskInstanceBody
from airflow.api_fastapi.core_api.datamodels.variables import VariableBody

MODELS = {
    m.__name__: m
    for m in (
        LoginBody,
        DAGPatchBody,
        TriggerDAGRunPostBody,
        DAGRunPatchBody,
        DAGRunClearBody,
        PatchTaskInstanceBody,
        ClearTaskInstancesBody,
        ConnectionBody,
        VariableBody,
    )
}


def model_case(name, body):
    model = MODELS[name]
    try:
        obj = model.model_validate(body, from_attributes=True)
    except ValidationError as e:
        errors = jsonable_encoder(e.errors(include_url=False))
        for err in errors:
            err["loc"] = ["body", *err["loc"]]
        return {"errors": errors}
    fields = {}
    instants = {}
    for field in obj.model_fields_set:
        value = getattr(obj, field)
        if isinstance(value, datetime.datetime):
            instants[field] = round(value.timestamp() * 1_000_000) if value.tzinfo else None
        fields[field] = jsonable_encoder(value)
    # pydantic's alias: ConnectionBody keeps `schema` as `schema_`.
    if "schema_" in fields:
        fields["schema"] = fields.pop("schema_")
    return {"values": fields, "instants": instants}


def text_case(text):
    try:
        json.loads(text)
        return None
    except json.JSONDecodeError as e:
        return {"error": {"msg": e.msg, "pos": e.pos}}


def main():
    out = []
    for case in json.load(sys.stdin):
        out.append(text_case(case["json"]) if "json" in case else model_case(case["model"], case["body"]))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
