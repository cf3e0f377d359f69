"""boto3 clients for the target the harness names in the environment (PROTOCOL.md, "Process").

Credentials come from the environment the way boto3 always reads them. Endpoints are passed
explicitly although current boto3 also reads AWS_ENDPOINT_URL_*, so the adapter does not depend
on that newer behaviour. With no endpoint set, boto3 talks to real AWS.
"""

import os
import threading

import boto3
from botocore.config import Config

# One boto3 session for the process: building a session reloads botocore's data files, and
# client creation from a shared session is not thread-safe, hence the lock.
_session = boto3.session.Session()
_session_lock = threading.Lock()


def _env(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


def _region() -> str | None:
    return _env("AWS_REGION") or _env("AWS_DEFAULT_REGION")


def _endpoint(service_variable: str) -> str | None:
    return _env(service_variable) or _env("AWS_ENDPOINT_URL")


def new_s3_client():
    """A fresh client each time: the encryption client installs its event handlers on the
    client it wraps, so two encryption clients must never share one."""
    options: dict = {"region_name": _region(), "endpoint_url": _endpoint("AWS_ENDPOINT_URL_S3")}
    if os.environ.get("S3EC_S3_FORCE_PATH_STYLE", "").lower() == "true":
        options["config"] = Config(s3={"addressing_style": "path"})
    with _session_lock:
        return _session.client("s3", **options)


def new_kms_client():
    """Also one per encryption client: the keyring appends its user agent to the client it gets."""
    with _session_lock:
        return _session.client("kms", region_name=_region(), endpoint_url=_endpoint("AWS_ENDPOINT_URL_KMS"))
