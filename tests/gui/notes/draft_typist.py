"""A small CaseDesk entry for the crash test (tests/e2e/test_draft_survives_a_crash.py),
on the embedded database of $CASEDESK_DATA_DIR, offscreen:

    python -m tests.gui.notes.draft_typist type USERNAME CASE_ID
        signs in, opens the note editor and types a long note, a letter every 20 ms,
        until it is killed; prints "saved <characters>" after each save to the database
    python -m tests.gui.notes.draft_typist resume USERNAME
        signs in and opens the main window as the app does; prints, as JSON, the
        unsigned notes it offers back, then quits
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

import main
from gui.common.runner import BackgroundRunner
from gui.main_window import MainWindow
from gui.notes.draft_offer import DraftsOfferDialog
from gui.notes.editor import NoteEditor
from storage.common.engine import create_database_engine, default_sqlite_url
from tests.conftest import FAST_HASHING, TEST_PASSWORD

TEXT = "Called Amara about the rent arrears; the landlord will wait a week. " * 40


def type_note(auth, session, runner, case_id: int) -> None:
    editor = NoteEditor(
        runner,
        session.services,
        session.actor,
        main.local_drafts(),
        case_id,
        "Amara Okafor",
        autosave_ms=500,
    )
    editor.saved.connect(lambda note: print("saved", len(note.values.narrative), flush=True))
    editor.show()
    editor.narrative.setFocus()
    position = iter(range(len(TEXT)))

    def next_letter() -> None:
        index = next(position, None)
        if index is not None:
            editor.narrative.insertPlainText(TEXT[index])

    typing = QTimer(editor)
    typing.timeout.connect(next_letter)
    typing.start(20)
    print("typing", flush=True)


def report_offers(auth, session, runner) -> None:
    window = MainWindow(session, auth, runner, "crash test", drafts=main.local_drafts())
    window.show()
    waited = [0]

    def look() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, DraftsOfferDialog)]
        shown = [d for d in dialogs if d.isVisible()]
        if shown:
            dialog = shown[0]
            print(
                json.dumps(
                    {
                        "message": dialog.message.text(),
                        "offers": [
                            {"client": o.client_name, "narrative": o.form.narrative}
                            for o in dialog.offers
                        ],
                    }
                ),
                flush=True,
            )
            QApplication.exit(0)
        waited[0] += 1
        if waited[0] > 200:
            print(json.dumps({"message": "", "offers": []}), flush=True)
            QApplication.exit(1)

    timer = QTimer(window)
    timer.timeout.connect(look)
    timer.start(50)


def run(argv: list[str]) -> int:
    mode, username = argv[0], argv[1]
    app = QApplication.instance() or QApplication(sys.argv[:1])
    engine = create_database_engine(default_sqlite_url())
    auth = main.build_embedded(engine, hashing=FAST_HASHING)
    session = auth.sign_in(username, TEST_PASSWORD, "TYPIST-PC")
    runner = BackgroundRunner()
    if mode == "type":
        type_note(auth, session, runner, int(argv[2]))
    else:
        report_offers(auth, session, runner)
    code = app.exec()
    runner.shutdown()
    return code


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
