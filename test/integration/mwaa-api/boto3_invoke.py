"""Calls the agent's MWAA API with boto3 (latest) and prints the answer as JSON, for mwaa-api.test.ts.

argv: endpoint, operation (snake case), JSON of the operation's parameters. Host prefix injection ("api.",
"env.") is disabled through AWS_DISABLE_HOST_PREFIX_INJECTION, as one does with a local endpoint. A client
error prints {"Error": …, "ResponseMetadata": {"HTTPStatusCode": …}, …} as botocore parsed it.
"""
import json
import sys

import boto3
import botocore.exceptions

endpoint, operation, params = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
client = boto3.client("mwaa", endpoint_url=endpoint, region_name="us-east-1")
try:
    answer = getattr(client, operation)(**params)
except botocore.exceptions.ClientError as e:
    answer = e.response
answer.get("ResponseMetadata", {}).pop("HTTPHeaders", None)
print(json.dumps({"exception": answer.get("Error", {}).get("Code"), **answer}, default=str))
