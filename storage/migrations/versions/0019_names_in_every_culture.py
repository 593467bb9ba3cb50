"""Names in every culture: the order a client's names are written in, and search
words for names in scripts written without spaces.

``clients.name_order`` is ``given_first`` or ``family_first`` when chosen in the
client form; NULL follows the script of the family name (Chinese, Japanese and
Korean names put it first), so records kept before this revision print as
their script asks without being touched.

A name like 王秀英 was stored under one folded word only ("wangxiuying"), so
typing 秀英 found nothing. From now on a client is also stored under every tail
of each run of an unspaced script in their name (domain/clients/search.py);
this revision adds those words for the clients already registered, and for the
records those were merged into, which are found under the merged names too.

Revision ID: 0019
Revises: 0018
Created: 2026-12-04
"""

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

OWNER = "casedesk_owner"
SUPERVISOR = "casedesk_supervisor"
CASEWORKER = "casedesk_caseworker"
FRONTDESK = "casedesk_frontdesk"
CLIENT_WORK = f"{SUPERVISOR}, {CASEWORKER}, {FRONTDESK}"
WORD_LENGTH = 64

# Mirrors domain/clients/name_scripts.py as of this revision (a test holds the
# words equal): Han, kana (without the katakana middle dot), Hangul, Thai, Lao,
# Myanmar, Khmer.
UNSPACED_BLOCKS = (
    (0x0E00, 0x0EFF),
    (0x1000, 0x109F),
    (0x1100, 0x11FF),
    (0x1780, 0x17FF),
    (0x2E80, 0x2FDF),
    (0x3005, 0x3007),
    (0x3021, 0x3029),
    (0x3038, 0x303B),
    (0x3041, 0x30FA),
    (0x30FC, 0x30FF),
    (0x3131, 0x318E),
    (0x31F0, 0x31FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xA960, 0xA97F),
    (0xAC00, 0xD7A3),
    (0xD7B0, 0xD7FF),
    (0xF900, 0xFAFF),
    (0xFF66, 0xFF9F),
    (0x1B000, 0x1B16F),
    (0x20000, 0x323AF),
)


def _unspaced(char: str) -> bool:
    return any(low <= ord(char) <= high for low, high in UNSPACED_BLOCKS)


def _runs(text: str) -> list[str]:
    runs, current = [], ""
    for char in unicodedata.normalize("NFKC", text):
        mark = unicodedata.category(char)[0] == "M"
        if _unspaced(char) or (mark and current):
            current += char
        else:
            if current:
                runs.append(current)
            current = ""
    return [*runs, current] if current else runs


def name_words(given: str, middle: str, family: str, preferred: str) -> set[str]:
    """Every tail (starting on a letter) of each unspaced run, names joined both ways."""
    words = set()
    for written in (family + given + middle, given + middle + family, preferred):
        for run in _runs(written):
            for start in range(len(run)):
                if unicodedata.category(run[start])[0] != "M":
                    words.add(run[start:][:WORD_LENGTH])
    return words


def upgrade() -> None:
    with op.batch_alter_table("clients") as batch:
        batch.add_column(sa.Column("name_order", sa.String(12), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        _run(
            [
                f"GRANT SELECT (name_order) ON clients TO {FRONTDESK}",
                f"GRANT INSERT (name_order), UPDATE (name_order) ON clients TO {CLIENT_WORK}",
            ]
        )
    _add_unspaced_words()


def _add_unspaced_words() -> None:
    bind = op.get_bind()
    clients = sa.table(
        "clients",
        *(
            sa.column(name)
            for name in (
                "id",
                "first_name",
                "middle_name",
                "last_name",
                "preferred_name",
                "merged_into_id",
            )
        ),
    )
    rows = bind.execute(sa.select(clients)).all()
    survivor = {row.id: row.merged_into_id for row in rows}
    found_under: dict[int, set[str]] = {}
    for row in rows:
        parts = (row.first_name, row.middle_name, row.last_name, row.preferred_name)
        words = name_words(*(part or "" for part in parts))
        client_id, seen = row.id, set()
        while words and client_id is not None and client_id not in seen:
            found_under.setdefault(client_id, set()).update(words)
            seen.add(client_id)
            client_id = survivor.get(client_id)
    search_words = sa.table("client_search_words", sa.column("client_id"), sa.column("word"))
    new = [
        {"client_id": client_id, "word": word}
        for client_id, words in sorted(found_under.items())
        for word in sorted(words)
    ]
    if new:
        bind.execute(sa.insert(search_words), new)


def downgrade() -> None:
    # Folded words are ASCII; every word from a name's unspaced runs starts above it.
    op.get_bind().execute(
        sa.text("DELETE FROM client_search_words WHERE word >= :above_ascii"),
        {"above_ascii": "\x80"},
    )
    with op.batch_alter_table("clients") as batch:
        batch.drop_column("name_order")


def _run(statements: list[str]) -> None:
    bind = op.get_bind()
    user = bind.exec_driver_sql("SELECT current_user").scalar_one()
    if user != OWNER:
        raise RuntimeError(
            "This migration must run as casedesk_owner: use `python main.py db upgrade`."
        )
    cursor = bind.connection.driver_connection.cursor()
    for statement in statements:
        cursor.execute(statement)
