"""Benchmark: attachments on the embedded file and on the shared server.

    python -m tests.benchmarks.attachments_speed [--rounds 5] [--only sqlite|postgresql]
                                                 [--mbits 100]

Issue 21's figures, through the services and the real GUI (offscreen), as a
caseworker (on PostgreSQL her own login, so row-level security, the server's
size and SHA-256 checks, the row audit and the change announcement are all in
the cost):

1. Attaching a 20 MB PDF (an uncompressed scan: random pixels, which no one
   compresses): the desk's part (read from disk, type by content, whole or
   damaged, thumbnail drawn) and the save (sent, checked and committed). On
   PostgreSQL also through a proxy that holds each direction to ``--mbits``
   (an office network), since a local server measures no wire.
2. Opening a record with 50 attachments (10 scanned PDFs of 1 MB, 20 photos, 20
   small pictures): from the Attachments tab chosen to its list painted, then to
   the thumbnails of the rows on screen shown, and how many thumbnails were read;
   beside them the service calls alone.
3. The database's growth per attachment, by size: its tables (entry, content,
   indexes, TOAST) and the audit rows, against the file's own bytes.

The scratch databases and roles are dropped at the end. Prints figures; it is
not a test.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from domain.attachments.attachment import MEGABYTE, AttachmentForm
from domain.clients.record import ClientForm
from domain.common.actor import Actor
from domain.common.policy import Role
from domain.services import Services
from gui.attachments import rendering
from gui.clients.record_window import ClientWindow
from gui.common.runner import BackgroundRunner
from storage.common.engine import create_database_engine, sqlite_url
from storage.schema import upgrade
from storage.staff.postgres_sign_in import PostgresAuthenticator
from tests import attachment_files as files
from tests.benchmarks.embedded_office import embedded_office
from tests.benchmarks.login_time import percentile
from tests.benchmarks.scratch_office import scratch_office
from tests.benchmarks.timing import timed
from tests.conftest import TEST_PASSWORD, postgres_problem

LARGEST = 25 * MEGABYTE
SCAN = AttachmentForm("Bank statements, scanned", "income_proof")


@dataclass
class Desk:
    services: Services
    caseworker: Actor
    client_id: int
    sizes: Callable[[], dict[str, int]]  # bytes the database holds, by part


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.0f}"


# --- 1. a 20 MB PDF ------------------------------------------------------------------


def attach_large(label: str, desk: Desk, rounds: int, folder: Path) -> None:
    s, me = desk.services, desk.caseworker
    desk_part, saving = [], []
    for number in range(rounds + 1):
        path = folder / f"statement {number}.pdf"
        path.write_bytes(files.scanned_pdf(20 * MEGABYTE))
        start = time.perf_counter()
        prepared = rendering.read_file(path, LARGEST)
        read = time.perf_counter()
        s.attachments.add(me, desk.client_id, SCAN, prepared.upload)
        done = time.perf_counter()
        path.unlink()
        if number:  # the first warms the caches
            desk_part.append(read - start)
            saving.append(done - read)
    size = len(prepared.upload.content) / MEGABYTE
    print(
        f"  {label:<44} {size:5.1f} MB | desk {ms(statistics.median(desk_part))} | save "
        f"{ms(statistics.median(saving))} (p95 {ms(percentile(saving, 0.95)).strip()}) | "
        f"total {ms(statistics.median(d + s for d, s in zip(desk_part, saving, strict=True)))}"
        "  ms, p50 of "
        f"{rounds}"
    )


# --- 2. a record with 50 attachments ---------------------------------------------------


def noise_photo(width: int, height: int) -> bytes:
    image = QImage(os.urandom(width * height * 4), width, height, QImage.Format.Format_RGB32)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG", 85)
    return bytes(data.data())


def fifty(desk: Desk) -> None:
    s, me = desk.services, desk.caseworker
    made = (
        [(files.scanned_pdf(MEGABYTE), f"scan {n}.pdf") for n in range(10)]
        + [(noise_photo(900, 600), f"photo {n}.jpg") for n in range(20)]
        + [(files.png(200 + n, 150), f"picture {n}.png") for n in range(20)]
    )
    for content, name in made:
        upload = rendering.prepare(content, name, LARGEST).upload
        form = AttachmentForm(name.rsplit(".", 1)[0].capitalize(), "other")
        s.attachments.add(me, desk.client_id, form, upload)


def settle(app: QApplication, until: Callable[[], bool], seconds: float = 30) -> float:
    end = time.perf_counter() + seconds
    while not until():
        app.processEvents()
        if time.perf_counter() > end:
            raise TimeoutError("the record did not settle")
        time.sleep(0.0005)
    return time.perf_counter()


def open_record(label: str, desk: Desk, rounds: int) -> None:
    app = QApplication.instance() or QApplication([])
    s, me, client = desk.services, desk.caseworker, desk.client_id
    painted, pictured, thumbnails = [], [], []
    for _ in range(rounds + 1):
        runner = BackgroundRunner()
        window = ClientWindow(runner, s, me, s.clients.open(me, client))
        window.resize(1040, 660)
        window.show()
        settle(app, lambda runner=runner: not runner.busy)
        tab = window.attachments
        start = time.perf_counter()
        window.tabs.setCurrentWidget(tab)
        settle(app, lambda tab=tab: tab.model.rowCount() == 50)
        tab.table.viewport().repaint()
        first = time.perf_counter()
        settle(app, lambda tab=tab: bool(tab.model.asked()))
        shown = settle(
            app,
            lambda tab=tab, runner=runner: (
                all(tab.model.thumbnail_of(i) is not None for i in tab.model.asked())
                and not runner.busy
            ),
        )
        painted.append(first - start)
        pictured.append(shown - start)
        thumbnails.append(len(tab.model.asked()))
        window.close()
        window.deleteLater()
        runner.shutdown()
        runner.deleteLater()
        app.processEvents()
    painted, pictured = painted[1:], pictured[1:]
    listed = timed(lambda: s.attachments.for_client(me, client), rounds * 4)
    ids = [a.id for a in s.attachments.for_client(me, client)][: thumbnails[-1]]
    read = timed(lambda: s.attachments.thumbnails(me, client, ids), rounds * 4)
    print(
        f"  {label:<44} first paint {ms(statistics.median(painted))} | thumbnails shown "
        f"{ms(statistics.median(pictured))} ({thumbnails[-1]} of 50 read) ms, p50 of {rounds}"
    )
    print(
        f"  {'':<44} service alone: the list {ms(statistics.median(listed))} | "
        f"{len(ids)} thumbnails {ms(statistics.median(read))} ms"
    )


# --- 3. growth ------------------------------------------------------------------------


def growth(label: str, desk: Desk) -> None:
    s, me = desk.services, desk.caseworker
    print(f"  {label}")
    for what, count, make in (
        ("20 MB scanned PDF", 3, lambda: files.scanned_pdf(20 * MEGABYTE)),
        ("1 MB scanned PDF", 10, lambda: files.scanned_pdf(MEGABYTE)),
        ("170 KB photo (JPEG)", 20, lambda: noise_photo(600, 400)),
        ("2-page letter (PDF, 2 KB)", 20, lambda: files.pdf(2, "Letter")),
    ):
        contents = [make() for _ in range(count)]
        uploads = [rendering.prepare(c, "file.pdf", LARGEST).upload for c in contents]
        before = desk.sizes()
        for upload in uploads:
            s.attachments.add(me, desk.client_id, SCAN, upload)
        after = desk.sizes()
        grown = {part: (after[part] - before[part]) / count for part in after}
        own = sum(len(c) for c in contents) / count
        total = sum(grown.values())
        parts = ", ".join(f"{part} {size / 1024:,.0f} KB" for part, size in grown.items())
        print(
            f"    {what:<28} file {own / 1024:9,.0f} KB -> database {total / 1024:9,.0f} KB "
            f"({total / own:4.2f}x; {parts})"
        )


# --- the two databases ------------------------------------------------------------------


def run_sqlite(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        engine = create_database_engine(sqlite_url(path))
        try:
            upgrade(engine)
            office = embedded_office(engine)
            s = office.services
            boss, me = office.supervisor, office.caseworker

            def client() -> int:
                record = s.clients.register(boss, ClientForm(first_name="Amara", last_name="Ok"))
                s.cases.open_case(boss, record.id, me.staff_id)
                return record.id

            def sizes() -> dict[str, int]:
                with engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                    pages = connection.execute(text("PRAGMA page_count")).scalar_one()
                    free = connection.execute(text("PRAGMA freelist_count")).scalar_one()
                    size = connection.execute(text("PRAGMA page_size")).scalar_one()
                return {"file": (pages - free) * size}

            print("\nSQLite (the embedded file)")
            attach_large("20 MB PDF", Desk(s, me, client(), sizes), rounds, Path(folder))
            desk = Desk(s, me, client(), sizes)
            fifty(desk)
            open_record("a record with 50 attachments", desk, rounds)
            growth("growth per attachment (pages in use)", Desk(s, me, client(), sizes))
        finally:
            engine.dispose()


class ThrottledProxy:
    """Forwards TCP to the server, each direction at most ``bits_per_second``."""

    def __init__(self, target: tuple[str, int], bits_per_second: float):
        self.target = target
        self.rate = bits_per_second / 8
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        start, sent = time.perf_counter(), 0
        try:
            while chunk := source.recv(64 * 1024):
                sink.sendall(chunk)
                sent += len(chunk)
                ahead = sent / self.rate - (time.perf_counter() - start)
                if ahead > 0:
                    time.sleep(ahead)
                elif ahead < -0.05:  # idle meanwhile: the line was free, not faster
                    start, sent = time.perf_counter(), 0
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self._closed = True
        self._listener.close()


@contextmanager
def through(proxy_url, username: str) -> Iterator[PostgresAuthenticator]:
    auth = PostgresAuthenticator(proxy_url)
    try:
        yield auth
    finally:
        auth.close()


def run_postgres(rounds: int, mbits: float) -> None:
    problem = postgres_problem()
    if problem is not None:
        print(f"\nPostgreSQL skipped: {problem}")
        return
    with scratch_office() as pg, tempfile.TemporaryDirectory() as folder:
        boss = pg.hire(Role.SUPERVISOR, "Dana Lee", "sv")
        me = pg.hire(Role.CASEWORKER, "Jamie Chen", "cw")

        def client() -> int:
            record = boss.services.clients.register(
                boss.actor, ClientForm(first_name="Amara", last_name="Okafor")
            )
            boss.services.cases.open_case(boss.actor, record.id, me.actor.staff_id)
            return record.id

        def sizes() -> dict[str, int]:
            with pg.superuser() as su:
                rows = dict(
                    su.execute(
                        "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
                        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = "
                        "'casedesk' AND c.relname IN ('attachments', 'attachment_contents', "
                        "'audit_events')"
                    ).fetchall()
                )
            return {
                "entry": rows["attachments"],
                "content": rows["attachment_contents"],
                "audit": rows["audit_events"],
            }

        print("\nPostgreSQL (the shared server on this machine, as the caseworker's login)")
        s = me.services
        attach_large(
            "20 MB PDF, local server", Desk(s, me.actor, client(), sizes), rounds, Path(folder)
        )
        for line in (mbits, 1000.0):
            proxy = ThrottledProxy((pg.url.host or "127.0.0.1", pg.url.port or 5432), line * 1e6)
            try:
                with through(pg.url.set(port=proxy.port), me.actor.username) as auth:
                    remote = auth.sign_in(me.actor.username, TEST_PASSWORD, "BENCH-LAN")
                    desk = Desk(remote.services, remote.actor, client(), sizes)
                    attach_large(
                        f"20 MB PDF over a {line:g} Mbit/s line",
                        desk,
                        max(2, rounds // 2),
                        Path(folder),
                    )
            finally:
                proxy.close()
        desk = Desk(s, me.actor, client(), sizes)
        fifty(desk)
        open_record("a record with 50 attachments", desk, rounds)
        with pg.superuser() as su:
            su.execute("VACUUM ANALYZE")
        growth(
            "growth per attachment (tables with indexes and TOAST)",
            Desk(s, me.actor, client(), sizes),
        )


def run() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--mbits", type=float, default=100.0, help="the office line to simulate")
    options = parser.parse_args()
    QApplication.instance() or QApplication([])
    if options.only != "postgresql":
        run_sqlite(options.rounds)
    if options.only != "sqlite":
        run_postgres(options.rounds, options.mbits)


if __name__ == "__main__":
    run()
