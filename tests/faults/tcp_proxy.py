"""A TCP proxy between CaseDesk and its server that misbehaves on demand.

It forwards bytes both ways until told to ``cut`` every connection at once (a
switch unplugged), to ``delay`` each chunk (a slow line), or to ``blackhole``
(bytes are taken in and never passed on, as on a link that died without a
reset). Threads, not asyncio, so tests can drive it from anywhere.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time

PASS, DELAY, BLACKHOLE = "pass", "delay", "blackhole"


class FaultyProxy:
    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.mode = PASS
        self.delay_seconds = 0.0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._lock = threading.Lock()
        self._closed = False
        threading.Thread(target=self._accept, name="proxy-accept", daemon=True).start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.target, timeout=5)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._pairs.append((client, server))
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        while True:
            try:
                chunk = source.recv(65536)
            except OSError:
                chunk = b""
            if not chunk:
                for end in (source, sink):
                    _close(end)
                return
            if self.mode == BLACKHOLE:
                continue  # taken in, never passed on
            if self.mode == DELAY and self.delay_seconds:
                time.sleep(self.delay_seconds)
            try:
                sink.sendall(chunk)
            except OSError:
                for end in (source, sink):
                    _close(end)
                return

    def cut(self) -> int:
        """Close every connection now, both ends; how many there were."""
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for client, server in pairs:
            for end in (client, server):
                _close(end)
        return len(pairs)

    def close(self) -> None:
        self._closed = True
        _close(self._listener)
        self.cut()


def _close(end: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed from the other side
        end.shutdown(socket.SHUT_RDWR)
    end.close()
