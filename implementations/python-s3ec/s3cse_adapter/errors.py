"""Turns what the library raised into the protocol's errors.

A *refusal* (S3EncryptionClientError on the wire) is the library saying no, which negative cases
expect. Everything else (a malformed request, an unreachable target, a bug here) is a
GenericServerError, which no case ever expects.

The library raises two classes only (S3EncryptionClientError, S3EncryptionClientSecurityError)
and wraps whatever happens inside get_object/put_object in a new S3EncryptionClientError, so the
category comes from the cause chain: a security error or a failed GCM tag anywhere in it, else
the library's own message wording, else the AWS error code of a service failure. The categories
follow reference/src/errors.ts (a disabled legacy mode is `config`, a context mismatch is
`security`, a missing or unreadable envelope is `format`).
"""

import binascii
import json

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    IncompleteReadError,
    NoCredentialsError,
    NoRegionError,
    PartialCredentialsError,
    ReadTimeoutError,
)
from cryptography.exceptions import InvalidTag
from s3_encryption.exceptions import S3EncryptionClientSecurityError

MAX_MESSAGE = 2000


class Refusal(Exception):
    """The library, or the adapter on its behalf for a setting the library lacks, refused."""

    def __init__(self, message: str, category: str | None, code: str):
        super().__init__(message)
        self.category = category
        self.code = code


class BadRequest(Exception):
    """The harness sent something this protocol does not allow (400 GenericServerError)."""


class InternalFailure(Exception):
    """The adapter or its environment failed; the library never got to decide (500 GenericServerError)."""

    def __init__(self, message: str, environment: bool = False):
        super().__init__(message)
        # True for an unreachable target or missing settings: worth one line, not a traceback.
        self.environment = environment


# Fragments of the library's own messages (lower case), checked from the innermost cause outwards.
_MESSAGE_CATEGORIES = (
    ("not configured to decrypt objects using legacy unauthenticated", "config"),
    ("enable legacy wrapping algorithms", "config"),
    ("configuration conflict", "config"),
    ("requires a key-committing algorithm suite", "config"),
    ("forbids key-committing algorithm suites", "config"),
    ("is a reserved key for the s3 encryption client", "config"),
    ("encryptioncontext", "config"),
    ("cannot configure s3 encryption client with legacy algorithm suite", "unsupported"),
    ("ranged gets are currently not supported", "unsupported"),
    ("exclusively for reading instruction files", "unsupported"),
    ("unknown content encryption algorithm", "unsupported"),
    ("unknown v3 wrapping algorithm", "unsupported"),
    ("is not a valid key wrapping algorithm", "unsupported"),
    ("does not match information retrieved from s3", "security"),
    ("encryption context is not supported with the kmsv1", "security"),
    ("key commitment verification failed", "security"),
    ("incomplete gcm data", "security"),
    ("failed to decrypt", "security"),
    ("instruction file", "format"),
    ("multiple format versions", "format"),
    ("alongside v3 content keys", "format"),
    ("unable to determine s3 encryption client message format", "format"),
    ("missing required", "format"),
    ("missing contentlength", "format"),
)

_SECURITY_TYPES = (S3EncryptionClientSecurityError, InvalidTag, IncompleteReadError)
_FORMAT_TYPES = (json.JSONDecodeError, binascii.Error, UnicodeDecodeError)
# No decision was made by the library: the target is unreachable or the environment incomplete.
_ENVIRONMENT_TYPES = (
    NoCredentialsError,
    PartialCredentialsError,
    NoRegionError,
    EndpointConnectionError,
    ConnectTimeoutError,
    ReadTimeoutError,
)
_NOT_FOUND_CODES = {"NoSuchKey", "NoSuchBucket", "NotFoundException", "NotFound", "404"}
_SECURITY_CODES = {"InvalidCiphertextException", "IncorrectKeyException"}


def cause_chain(error: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return chain


def describe(chain: list[BaseException]) -> str:
    """Type and message of each link, on one line. The library never puts key bytes in messages."""
    text = " <- caused by: ".join(f"{type(e).__name__}: {e}" for e in chain)
    text = " ".join(text.split())
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + "..."


def classify(error: BaseException) -> Exception:
    """Refusal for what the library decided, InternalFailure for everything else."""
    if isinstance(error, (Refusal, BadRequest, InternalFailure)):
        return error
    chain = cause_chain(error)
    message = describe(chain)
    if any(isinstance(e, _ENVIRONMENT_TYPES) for e in chain):
        return InternalFailure(message, environment=True)
    if not any(_from_library(e) for e in chain):
        return InternalFailure(message)
    category, deciding = _category(chain)
    return Refusal(message, category, _code(deciding or chain[-1]))


def _from_library(e: BaseException) -> bool:
    return isinstance(e, (BotoCoreError, ClientError, InvalidTag)) or type(e).__module__.startswith("s3_encryption")


def _category(chain: list[BaseException]) -> tuple[str | None, BaseException | None]:
    """The category and the link that decided it, most specific (innermost) first."""
    innermost_first = list(reversed(chain))
    # The library's own security error names the refusal better than the cryptography cause under it.
    for types in (S3EncryptionClientSecurityError, _SECURITY_TYPES):
        for e in innermost_first:
            if isinstance(e, types):
                return "security", e
    for e in innermost_first:
        text = str(e).lower()
        for fragment, category in _MESSAGE_CATEGORIES:
            if fragment in text:
                return category, e
    for e in innermost_first:
        if isinstance(e, ClientError):
            return _service_category(e), e
    for e in innermost_first:
        if isinstance(e, _FORMAT_TYPES):
            return "format", e
    return None, None


def _service_category(e: ClientError) -> str:
    code = str(e.response.get("Error", {}).get("Code", ""))
    status = e.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    if code in _NOT_FOUND_CODES or status == 404:
        return "not-found"
    if code in _SECURITY_CODES:
        return "security"
    return "service"


def _code(e: BaseException) -> str:
    """The exception's class name; botocore names modeled service errors after their AWS code."""
    name = type(e).__name__
    if isinstance(e, ClientError) and name == "ClientError":
        return str(e.response.get("Error", {}).get("Code") or name)
    return name
