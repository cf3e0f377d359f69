"""LocalStack host mode (`localstack.runtime.main`) as run by the s3cse harness
(harness/targets/localstack/target.ts). Configuration comes from the environment the harness sets.

Additions around LocalStack's own entry point:
- it exits when stdin reaches EOF (SIGTERM to itself, so LocalStack shuts down cleanly; a hard exit
  if that takes too long), so it dies with the Node process that owns it. In the container
  (s3cse/localstack, scripts/localstack-image.sh) there is no stdin: with S3CSE_LIFELINE=host:port
  it connects there instead (the harness listens on a loopback port) and exits when that
  connection closes, which the kernel does when the harness dies, even by SIGKILL;
- with S3CSE_OWNS_FILESYSTEM_ROOT=1 it deletes FILESYSTEM_ROOT (the harness's temporary directory)
  when it exits, so even a harness killed with SIGKILL leaves no state behind;
- a Python 3.12 behaviour on 3.11: `uuid.uuid5` accepting a bytes name. LocalStack 4.13.1 derives
  the key-material id of a key created with the `_custom_key_material_` tag as
  `uuid5(namespace, material_bytes)`, which raises "TypeError: encoding without a string argument"
  on Python 3.11 (upstream develops on 3.13).
"""

import atexit
import hashlib
import os
import shutil
import signal
import socket
import sys
import threading
import time
import uuid

SHUTDOWN_GRACE_SECONDS = 10
original_uuid5 = uuid.uuid5


def uuid5_accepting_bytes(namespace, name):
    if isinstance(name, bytes):
        digest = hashlib.sha1(namespace.bytes + name).digest()
        return uuid.UUID(bytes=digest[:16], version=5)
    return original_uuid5(namespace, name)


def remove_owned_filesystem_root():
    if os.environ.get("S3CSE_OWNS_FILESYSTEM_ROOT") == "1" and os.environ.get("FILESYSTEM_ROOT"):
        shutil.rmtree(os.environ["FILESYSTEM_ROOT"], ignore_errors=True)


def wait_for_lifeline_eof():
    lifeline = os.environ.get("S3CSE_LIFELINE")
    if not lifeline:
        while sys.stdin.buffer.read(65536):
            pass
        return
    host, port = lifeline.rsplit(":", 1)
    try:
        with socket.create_connection((host, int(port)), timeout=10) as conn:
            conn.settimeout(None)
            while conn.recv(65536):
                pass
    except OSError as e:
        print(f"s3cse: lifeline {lifeline}: {e}", file=sys.stderr, flush=True)


def exit_on_lifeline_eof():
    wait_for_lifeline_eof()
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(SHUTDOWN_GRACE_SECONDS)
    remove_owned_filesystem_root()
    os._exit(1)


if __name__ == "__main__":
    uuid.uuid5 = uuid5_accepting_bytes
    atexit.register(remove_owned_filesystem_root)
    threading.Thread(target=exit_on_lifeline_eof, daemon=True).start()
    from localstack.runtime.main import main

    main()
