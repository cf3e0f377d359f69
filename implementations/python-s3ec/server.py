"""python-s3ec adapter: amazon-s3-encryption-client-python 4.0.0 behind harness/PROTOCOL.md.

Listens on 127.0.0.1:$S3EC_ADAPTER_PORT. The harness owns this process: it keeps a pipe on
stdin open, so stdin reaching end-of-file means the harness is gone and the adapter exits (it
would otherwise outlive a harness that died without signalling it); SIGTERM stops it too.
"""

import os
import signal
import sys
import threading
from http.server import ThreadingHTTPServer

from s3cse_adapter.http_handler import ProtocolHandler

HOST = "127.0.0.1"


class AdapterServer(ThreadingHTTPServer):
    # Calls in flight must not keep a stopping adapter alive.
    daemon_threads = True


def _watch_stdin(stop: threading.Event) -> None:
    # The raw descriptor, not sys.stdin: a thread blocked inside the buffered reader holds its
    # lock, and the interpreter aborts when it cannot take that lock at exit.
    try:
        while os.read(0, 65536):
            pass
    except OSError:
        pass
    stop.set()


def main() -> int:
    port_text = os.environ.get("S3EC_ADAPTER_PORT", "")
    if not port_text.isdigit():
        print("python-s3ec: S3EC_ADAPTER_PORT must name the port to listen on", file=sys.stderr)
        return 2
    server = AdapterServer((HOST, int(port_text)), ProtocolHandler)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    threading.Thread(target=_watch_stdin, args=(stop,), name="stdin-watch", daemon=True).start()
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, name="http", daemon=True).start()
    print(f"python-s3ec adapter listening on http://{HOST}:{server.server_address[1]}", flush=True)
    # A timed wait keeps the main thread returning to the interpreter, where signal handlers run.
    while not stop.wait(0.2):
        pass
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
