"""moto's S3 + KMS on a free loopback port, run by the s3cse harness (harness/targets/moto/target.ts).

Prints one line `S3CSE-READY port=<port> version=<moto version>` once it accepts connections.
Exits when stdin reaches EOF, so it dies with the Node process that owns it.

Besides moto's own API it answers `POST /_s3cse/kms-key` (JSON `{"keyId"?, "material"?}`, material
base64, 32 bytes) with `{"KeyId": ...}`: a symmetric key with a caller-chosen id and material.
moto has no ImportKeyMaterial, so the key object is edited in moto's in-memory backend. Bucket names
cannot start with `_`, so the path never shadows a path-style S3 request.

Decrypt also accepts the ciphertext-blob layout of LocalStack and the embedded target (key id 36 |
IV 16 | tag 16 | AES-GCM of the PKCS#7-padded plaintext, same AAD as moto), so KMS blobs recorded
on those targets decrypt here under the same key id and material.
"""

import base64
import json
import logging
import os
import sys
import threading

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from moto import __version__ as moto_version
from moto.core import DEFAULT_ACCOUNT_ID
from moto.kms import models as kms_models
from moto.kms.exceptions import AccessDeniedException, InvalidCiphertextException
from moto.kms.utils import _serialize_encryption_context
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import make_server

REGION = "us-east-1"
CONTROL_PATH = "/_s3cse/kms-key"
LOCALSTACK_HEADER = 36 + 16 + 16


def create_key(key_id, material):
    backend = kms_models.kms_backends[DEFAULT_ACCOUNT_ID][REGION]
    if material is not None and len(material) != 32:
        raise ValueError("key material must be 32 bytes")
    if key_id and key_id in backend.keys:
        raise ValueError(f"key {key_id} exists")
    key = backend.create_key(None, "ENCRYPT_DECRYPT", "SYMMETRIC_DEFAULT", "s3cse known key", None)
    if key_id:
        del backend.keys[key.id]
        key.id = key_id
        key.arn = f"arn:aws:kms:{REGION}:{DEFAULT_ACCOUNT_ID}:key/{key_id}"
        backend.keys[key_id] = key
    if material is not None:
        key.key_material = material
    return key.id


moto_decrypt = kms_models.decrypt


def decrypt_either_layout(master_keys, ciphertext_blob, encryption_context):
    try:
        return moto_decrypt(master_keys=master_keys, ciphertext_blob=ciphertext_blob, encryption_context=encryption_context)
    except (InvalidCiphertextException, AccessDeniedException) as moto_error:
        plain = decrypt_localstack_layout(master_keys, ciphertext_blob, encryption_context)
        if plain is None:
            raise moto_error
        return plain


def decrypt_localstack_layout(master_keys, blob, encryption_context):
    if len(blob) < LOCALSTACK_HEADER + 16:
        return None
    key = master_keys.get(blob[:36].decode("utf-8", "replace"))
    if key is None:
        return None
    iv, tag, body = blob[36:52], blob[52:68], blob[68:]
    try:
        padded = AESGCM(key.key_material).decrypt(iv, body + tag, _serialize_encryption_context(encryption_context))
    except Exception:
        return None
    pad = padded[-1]
    if pad < 1 or pad > 16 or padded[-pad:] != bytes([pad]) * pad:
        return None
    return padded[:-pad], key.id


kms_models.decrypt = decrypt_either_layout


def with_control_endpoint(app):
    def wsgi(environ, start_response):
        if environ.get("PATH_INFO") != CONTROL_PATH or environ.get("REQUEST_METHOD") != "POST":
            return app(environ, start_response)
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
            request = json.loads(environ["wsgi.input"].read(length) or b"{}")
            material = request.get("material")
            key_id = create_key(request.get("keyId"), None if material is None else base64.b64decode(material))
            status, body = "200 OK", {"KeyId": key_id}
        except Exception as e:  # one line back to the harness, never the material
            status, body = "400 Bad Request", {"message": str(e)}
        start_response(status, [("Content-Type", "application/json")])
        return [json.dumps(body).encode()]

    return wsgi


def exit_on_stdin_eof():
    while sys.stdin.buffer.read(65536):
        pass
    os._exit(0)


def main():
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server(
        "127.0.0.1",
        0,
        with_control_endpoint(DomainDispatcherApplication(create_backend_app)),
        threaded=True,
        request_handler=MotoRequestHandler,
    )
    port = server.server_address[1]
    # moto builds some response URLs from MOTO_PORT.
    os.environ["MOTO_PORT"] = str(port)
    threading.Thread(target=exit_on_stdin_eof, daemon=True).start()
    print(f"S3CSE-READY port={port} version={moto_version}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
