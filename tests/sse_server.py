"""A real HTTP server on the loopback that sends stream bodies in small random pieces.

The standard library's ``http.server`` in a thread, HTTP/1.1 with chunked
transfer encoding: each piece goes out as its own chunk and is flushed, so
clients see the body arrive split at arbitrary byte boundaries, as from a
real server. ``serve(body, status=...)`` registers a body and returns the
URL that sends it, for any method and any path below it (the openai SDK
appends ``/chat/completions`` to its base URL).
"""

from __future__ import annotations

import itertools
import random
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: CaptureServer

    def _send(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)  # the request body (the SDK's JSON), unread otherwise
        key = self.path.split("/")[2] if self.path.count("/") >= 2 else ""
        route = self.server.routes.get(key)
        if route is None:
            self.send_error(404)
            return
        status, body, content_type, seed = route
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        rng = random.Random(seed)
        at = 0
        try:
            while at < len(body):
                size = rng.randint(1, 97)
                piece = body[at : at + size]
                at += size
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading: what early-close tests do

    do_GET = do_POST = _send

    def log_message(self, format: str, *args: Any) -> None:
        pass


class CaptureServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, tuple[int, bytes, str, int]] = {}
        self._names = itertools.count()
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def serve(
        self, body: bytes, *, status: int = 200, content_type: str = "text/event-stream", seed: int = 0
    ) -> str:
        """The URL that sends ``body``; any path below it does too."""
        key = f"r{next(self._names)}"
        self.routes[key] = (status, body, content_type, seed)
        return f"{self.url}/body/{key}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that closed its keep-alive connection: not the test's concern

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
