"""A TCP proxy between CaseDesk and its server that misbehaves on demand.

It forwards bytes both ways until told to ``cut`` every connection at once (a
switch unplugged), to ``delay`` each chunk (a slow line), to ``blackhole``
(bytes are taken in and never passed on, as on a link that died without a
reset), to ``darken`` the connections open now while new ones pass (a firewall
or NAT that forgot them), or to go ``down`` (the open connections dark, new ones
refused at once: this computer's own link gone). ``at_next_commit`` acts on the
next COMMIT a desk sends: drops it, or passes it and loses the server's answer,
and leaves that connection dark. A desk that gives up on a dark connection is
not heard by the server either: its session stays until something ends it.
Threads, not asyncio, so tests can drive it from anywhere.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from dataclasses import dataclass

PASS, DELAY, BLACKHOLE, DOWN = "pass", "delay", "blackhole", "down"
DROP_COMMIT, LOSE_ANSWER = "drop the commit", "lose the answer"


@dataclass(eq=False)
class _Pair:
    client: socket.socket
    server: socket.socket
    dark: bool = False


class FaultyProxy:
    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.mode = PASS
        self.delay_seconds = 0.0
        self.accepted = 0  # connections made through the proxy so far
        self.commits_trapped = 0
        self._commit_trap: tuple[str, bool] | None = None
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._pairs: list[_Pair] = []
        self._lock = threading.Lock()
        self._closed = False
        threading.Thread(target=self._accept, name="proxy-accept", daemon=True).start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self.mode == DOWN:
                _close(client)  # refused at once, as with no network at all
                continue
            try:
                server = socket.create_connection(self.target, timeout=5)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            pair = _Pair(client, server)
            with self._lock:
                self._pairs.append(pair)
                self.accepted += 1
            for source, sink, upstream in ((client, server, True), (server, client, False)):
                threading.Thread(
                    target=self._pump, args=(pair, source, sink, upstream), daemon=True
                ).start()

    def _pump(self, pair: _Pair, source: socket.socket, sink: socket.socket, up: bool) -> None:
        while True:
            try:
                chunk = source.recv(65536)
            except OSError:
                chunk = b""
            if not chunk:
                if up and (pair.dark or self.mode in (BLACKHOLE, DOWN)):
                    # On a dead link the desk's goodbye never arrives: the server's
                    # end stays open, its session waiting (until ended from there).
                    _close(source)
                    return
                self._end(pair)
                return
            trapped = up and self._commit_trap is not None and b"COMMIT" in chunk
            if trapped and self._spring(pair, chunk, sink):
                continue
            if pair.dark or self.mode in (BLACKHOLE, DOWN):
                continue  # taken in, never passed on
            if self.mode == DELAY and self.delay_seconds:
                time.sleep(self.delay_seconds)
            try:
                sink.sendall(chunk)
            except OSError:
                self._end(pair)
                return

    def _end(self, pair: _Pair) -> None:
        with self._lock:
            if pair in self._pairs:
                self._pairs.remove(pair)
        for end in (pair.client, pair.server):
            _close(end)

    def _spring(self, pair: _Pair, chunk: bytes, sink: socket.socket) -> bool:
        """The trap set by ``at_next_commit``; True when the chunk is dealt with."""
        with self._lock:
            trap, self._commit_trap = self._commit_trap, None
        if trap is None:
            return False
        what, line_down = trap
        pair.dark = True  # before the COMMIT goes on: its answer must not come back
        self.commits_trapped += 1
        if what == LOSE_ANSWER:
            with contextlib.suppress(OSError):
                sink.sendall(chunk)
        if line_down:
            self.mode = DOWN
        return True

    def at_next_commit(self, what: str, *, line_down: bool = False) -> None:
        """The next COMMIT: DROP_COMMIT (it never arrives) or LOSE_ANSWER (the server
        commits, its answer never arrives); either way that connection goes dark,
        and with ``line_down`` the whole line goes DOWN."""
        if what not in (DROP_COMMIT, LOSE_ANSWER):
            raise ValueError(what)
        with self._lock:
            self._commit_trap = (what, line_down)

    def disarm(self) -> None:
        with self._lock:
            self._commit_trap = None

    def darken(self) -> int:
        """The connections open now go dark; new ones pass. How many there were."""
        with self._lock:
            for pair in self._pairs:
                pair.dark = True
            return len(self._pairs)

    def cut(self) -> int:
        """Close every connection now, both ends; how many there were."""
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for pair in pairs:
            for end in (pair.client, pair.server):
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
