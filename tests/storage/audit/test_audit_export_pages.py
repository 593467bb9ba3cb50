"""The audit export reads a long trail a page at a time by keyset: each page starts
after the last row of the one before, never by skipping rows (OFFSET), and rows
that share a moment across a page's edge are each exported once."""

from __future__ import annotations

import csv
import io
import random
import threading
from datetime import timedelta

from sqlalchemy import Engine, event, insert, select

from domain.audit.events import AuditAction, AuditFilter
from domain.audit.service import MAX_PAGE
from storage.audit.tables import audit_events

T = audit_events.c
ROWS = 2 * MAX_PAGE + 345
SHARED = 300  # rows of each moment


def add_trail(engine, clock) -> None:
    """ROWS client views and a few sign-ins, in a shuffled order (ids do not follow
    the times); 300 rows share each moment, so pages end inside a moment."""
    rng = random.Random(18)
    moments = [clock.now - timedelta(minutes=n) for n in range(ROWS // SHARED + 1)]
    rows = [
        {
            "occurred_at": moments[n // SHARED],
            "actor": "jchen",
            "workstation": "WS-02",
            "action": str(AuditAction.CLIENT_VIEWED),
            "entity_type": "client",
            "entity_id": n,
            "detail": "",
        }
        for n in range(ROWS)
    ]
    rows += [
        {**row, "action": str(AuditAction.SIGN_IN), "entity_type": "", "entity_id": None}
        for row in rng.sample(rows, 40)
    ]
    rng.shuffle(rows)
    with engine.begin() as connection:
        connection.execute(insert(audit_events), rows)


def test_a_long_export_has_every_row_once_newest_first_read_by_keyset(
    services, admin, engine, clock
):
    add_trail(engine, clock)
    viewed = AuditFilter(action=AuditAction.CLIENT_VIEWED)
    with engine.connect() as connection:
        expected = [
            row.id
            for row in connection.execute(
                select(T.id)
                .where(T.action == str(AuditAction.CLIENT_VIEWED))
                .order_by(T.occurred_at.desc(), T.id.desc())
            )
        ]
    assert len(expected) == ROWS
    sent = []
    me = threading.get_ident()

    def seen(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if threading.get_ident() == me and "FROM audit_events" in statement:
            sent.append((statement, parameters))

    services.audit.query(admin, AuditFilter(), limit=1)  # the account, read and kept
    event.listen(Engine, "before_cursor_execute", seen)
    try:
        text = services.audit.export_csv(admin, viewed)
    finally:
        event.remove(Engine, "before_cursor_execute", seen)

    _header, *rows = list(csv.reader(io.StringIO(text)))
    assert [int(row[0]) for row in rows] == expected
    assert {row[4] for row in rows} == {str(AuditAction.CLIENT_VIEWED)}
    assert len(sent) == 3  # 1,000 + 1,000 + 345 rows
    # OFFSET 0 each time (the last parameter, by name or position); each later
    # page asks for rows after the last one read.
    offsets = [p["offset"] if isinstance(p, dict) else p[-1] for _s, p in sent]
    assert offsets == [0, 0, 0]
    assert all("audit_events.occurred_at, audit_events.id) <" in s for s, _ in sent[1:])
    assert "audit_events.occurred_at, audit_events.id) <" not in sent[0][0]
    [exported] = services.audit.query(admin, AuditFilter(action=AuditAction.AUDIT_EXPORTED))
    assert exported.detail == f"{ROWS} rows;action=client.viewed"
