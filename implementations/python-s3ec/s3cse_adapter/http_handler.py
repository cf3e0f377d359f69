"""The protocol's routes (harness/PROTOCOL.md) on http.server.

Each request is answered exactly once, whatever happens: a library refusal becomes an
S3EncryptionClientError, anything else a GenericServerError, so one bad request never takes the
server down. HTTP/1.1 keep-alive is used, which is why every body is read in full and every
answer carries a Content-Length.
"""

import json
import sys
import traceback
from http.server import BaseHTTPRequestHandler
from urllib.parse import unquote, urlsplit

from . import capabilities, client_factory, content_metadata, objects
from .errors import BadRequest, InternalFailure, Refusal, classify

REGISTRY = client_factory.ClientRegistry()
_REENCRYPT = "reencrypt"


class ProtocolHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "python-s3ec-adapter"

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        try:
            body = self._read_body()
            self._route(method, body)
        except Exception as error:  # noqa: BLE001 - every failure must become one protocol answer
            self._send_error(classify(error), error)

    def _route(self, method: str, body: bytes) -> None:
        segments = [unquote(s) for s in urlsplit(self.path).path.split("/")[1:]]
        if method == "GET" and segments == ["capabilities"]:
            return self._send_json(200, capabilities.document())
        if method == "POST" and segments == ["client"]:
            client = client_factory.build_client(_json_object(body).get("config"))
            return self._send_json(200, {"clientId": REGISTRY.add(client)})
        if len(segments) >= 3 and segments[0] == "object":
            bucket = segments[1]
            if method == "POST" and len(segments) >= 4 and segments[-1] == _REENCRYPT:
                REGISTRY.get(self.headers.get("ClientID"))
                raise Refusal("the library has no re-encryption (ReEncrypt) operation", "unsupported", "ReEncryptUnsupported")
            # Keys should arrive with '/' encoded as %2F; a raw '/' is accepted all the same.
            key = "/".join(segments[2:])
            if method == "PUT":
                return self._put(bucket, key, body)
            if method == "GET":
                return self._get(bucket, key)
        raise NotFound(f"no route {method} {urlsplit(self.path).path}")

    def _put(self, bucket: str, key: str, body: bytes) -> None:
        client = REGISTRY.get(self.headers.get("ClientID"))
        context = content_metadata.parse(self.headers.get("Content-Metadata"))
        objects.put(client, bucket, key, body, context)
        self._send_json(200, {"bucket": bucket, "key": key, "metadata": content_metadata.entries(context)})

    def _get(self, bucket: str, key: str) -> None:
        client = REGISTRY.get(self.headers.get("ClientID"))
        context = content_metadata.parse(self.headers.get("Content-Metadata"))
        result = objects.get(
            client,
            bucket,
            key,
            context,
            self.headers.get("Range"),
            self.headers.get("InstructionFileSuffix"),
        )
        self._send(200, "application/octet-stream", result.plaintext, {"Content-Metadata": content_metadata.header_value(result.metadata)})

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        length = self.headers.get("Content-Length")
        if not length:
            return b""
        if not length.isdigit():
            self.close_connection = True
            raise BadRequest("bad Content-Length")
        return self.rfile.read(int(length))

    def _read_chunked(self) -> bytes:
        parts = []
        while True:
            size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(parts)
            parts.append(self.rfile.read(size))
            self.rfile.readline()

    def _send_error(self, outcome: Exception, original: BaseException) -> None:
        if isinstance(outcome, Refusal):
            body = {"__type": "S3EncryptionClientError", "message": str(outcome), "code": outcome.code}
            if outcome.category:
                body["category"] = outcome.category
            self._log(f"refused ({outcome.category or 'uncategorised'}/{outcome.code}): {outcome}")
            return self._send_json(500, body)
        if isinstance(outcome, NotFound):
            return self._send_json(404, {"__type": "GenericServerError", "message": str(outcome)})
        if isinstance(outcome, BadRequest):
            self._log(f"bad request: {outcome}")
            return self._send_json(400, {"__type": "GenericServerError", "message": str(outcome)})
        if isinstance(outcome, InternalFailure) and outcome.environment:
            self._log(f"environment failure: {outcome}")
        elif not isinstance(original, InternalFailure):
            # Tracebacks show code lines and exception text only, never local values or keys.
            self._log("adapter failure:\n" + "".join(traceback.format_exception(original)).rstrip())
        self._send_json(500, {"__type": "GenericServerError", "message": str(outcome)})

    def _send_json(self, status: int, value: object) -> None:
        self._send(status, "application/json", json.dumps(value).encode("utf-8"))

    def _send(self, status: int, content_type: str, body: bytes, headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                if value:
                    self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the harness gave up on this call (timeout); nothing to answer

    def _log(self, line: str) -> None:
        print(f"python-s3ec: {self.command} {urlsplit(self.path).path}: {line}", file=sys.stderr, flush=True)

    def log_request(self, code="-", size="-") -> None:
        pass  # one line per call would drown the failures in the harness's output tail

    def log_error(self, format, *args) -> None:  # noqa: A002 - http.server's signature
        print("python-s3ec: http: " + (format % args), file=sys.stderr, flush=True)


class NotFound(BadRequest):
    """No such route (404)."""


def _json_object(body: bytes) -> dict:
    try:
        value = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BadRequest(f"request body is not JSON: {error}") from None
    if not isinstance(value, dict):
        raise BadRequest("request body must be a JSON object")
    return value
