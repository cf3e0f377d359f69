"""PUT and GET /object/{bucket}/{key} through the encryption client.

Everything the library raises is passed on untouched; errors.classify decides what it means.
A GET decrypts the whole object before answering, so a failure (which with delayed
authentication only shows up at the end of the stream) becomes an error response rather than
a truncated body.
"""

from dataclasses import dataclass

from s3_encryption import S3EncryptionClient


@dataclass(frozen=True)
class GetResult:
    plaintext: bytes
    metadata: dict[str, str]


def put(client: S3EncryptionClient, bucket: str, key: str, body: bytes, context: dict[str, str]) -> None:
    request = {"Bucket": bucket, "Key": key, "Body": body}
    if context:
        request["EncryptionContext"] = context
    client.put_object(**request)


def get(
    client: S3EncryptionClient,
    bucket: str,
    key: str,
    context: dict[str, str],
    byte_range: str | None,
    instruction_file_suffix: str | None,
) -> GetResult:
    request: dict = {"Bucket": bucket, "Key": key}
    if context:
        request["EncryptionContext"] = context
    # Passed through so that the library itself refuses it ("Ranged gets are currently not supported").
    if byte_range is not None:
        request["Range"] = byte_range
    if instruction_file_suffix is not None:
        request["InstructionFileSuffix"] = instruction_file_suffix
    response = client.get_object(**request)
    body = response.get("Body")
    try:
        plaintext = body.read() if body is not None else b""
    finally:
        if body is not None:
            body.close()
    return GetResult(plaintext, dict(response.get("Metadata") or {}))
