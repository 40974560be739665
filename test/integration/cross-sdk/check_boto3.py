"""Checks the local endpoint's wire protocol with the AWS SDK for Python, as the jest suite does
with the SDK for JavaScript: each error class as botocore surfaces it.

Run it against a local endpoint that serves the wire-test fixtures (see local/README.md):
    LOCAL_SAGEMAKER_ENGINES=test/fixtures/engines.wire.json LOCAL_SAGEMAKER_PORT=8095 \
        LOCAL_SAGEMAKER_INVOCATION_TIMEOUT_MS=1500 node_modules/.bin/node --import tsx local/main.ts &
    python -m venv /tmp/boto && /tmp/boto/bin/pip install boto3
    /tmp/boto/bin/python test/integration/cross-sdk/check_boto3.py http://localhost:8095
"""

import json
import sys

import boto3
from botocore.config import Config

url = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8095"
client = boto3.client(
    "sagemaker-runtime",
    endpoint_url=url,
    region_name="us-east-1",
    aws_access_key_id="local",
    aws_secret_access_key="local",
    config=Config(retries={"max_attempts": 1, "mode": "standard"}),
)
ENDPOINT = "wire-test-local"
failures = []


def check(name, condition, detail=""):
    print(("ok   " if condition else "FAIL ") + name + (f"  ({detail})" if detail else ""))
    if not condition:
        failures.append(name)


def error_of(**kwargs):
    args = {
        "EndpointName": ENDPOINT,
        "TargetContainerHostname": "echo",
        "Body": b"{}",
        "ContentType": "application/json",
    }
    args.update({key: value for key, value in kwargs.items() if value is not None})
    args = {key: value for key, value in args.items() if value != "<omit>"}
    try:
        client.invoke_endpoint(**args)
    except client.exceptions.ClientError as error:
        return error
    return None


body = "naïve 😀".encode() + bytes([0, 255])
response = client.invoke_endpoint(
    EndpointName=ENDPOINT,
    TargetContainerHostname="echo",
    Body=body,
    ContentType="application/x-fixture",
    CustomAttributes="a=1",
)
check("success: body byte for byte", response["Body"].read() == body)
check(
    "success: content type, variant, custom attributes",
    (response["ContentType"], response["InvokedProductionVariant"], response["CustomAttributes"])
    == ("application/x-fixture", "AllTraffic", "echo=a=1"),
)
check("success: request id", len(response["ResponseMetadata"]["RequestId"]) == 36)

for name, kwargs in [
    ("unknown endpoint", {"EndpointName": "nope"}),
    ("no hostname", {"TargetContainerHostname": "<omit>"}),
    ("unknown hostname", {"TargetContainerHostname": "nlp-nope"}),
]:
    error = error_of(**kwargs)
    check(
        f"ValidationError: {name}",
        isinstance(error, client.exceptions.ValidationError)
        and error.response["ResponseMetadata"]["HTTPStatusCode"] == 400,
        error and error.response["Error"],
    )

error = error_of(Body=json.dumps({"fixture": {"mode": "status", "status": 418, "message": "teapot"}}).encode())
check(
    "ModelError with original status, message and log stream",
    isinstance(error, client.exceptions.ModelError)
    and error.response["OriginalStatusCode"] == 418
    and "teapot" in error.response["OriginalMessage"]
    and error.response["LogStreamArn"].startswith("arn:aws:logs:")
    and error.response["ResponseMetadata"]["HTTPStatusCode"] == 424,
    error and error.response,
)

error = error_of(Body=json.dumps({"fixture": {"mode": "hang"}}).encode())
check(
    "ModelError on the invocation timeout (status 0)",
    isinstance(error, client.exceptions.ModelError) and error.response["OriginalStatusCode"] == 0,
    error and error.response["Error"],
)

error = error_of(Body=b"a" * (6 * 1024 * 1024 + 1), ContentType="text/plain")
check(
    "413 over 6 MiB",
    error is not None
    and error.response["Error"]["Code"] == "413"
    and "exceeded 6291456 bytes" in error.response["Error"]["Message"],
    error and error.response["Error"],
)

sys.exit(1 if failures else 0)
