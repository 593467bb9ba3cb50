"""What the Start-menu shortcut runs: the bundled pythonw.exe (no console window) with
this file. It puts the unpacked packages on the path and starts CaseDesk's window."""

import os
import site
import sys

packages = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pkgs")
sys.path.insert(0, packages)
site.addsitedir(packages)  # honours the .pth files some wheels ship

if sys.stderr is None:
    # pythonw has no console: a traceback that escapes the app's own handling lands
    # in the log folder beside casedesk.log instead of vanishing.
    from storage.common.locations import data_folder

    logs = data_folder() / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    sys.stderr = open(logs / "unexpected-errors.log", "a", encoding="utf-8")  # noqa: SIM115
    sys.stdout = sys.stderr

if sys.platform == "win32":
    import contextlib
    import ctypes

    # A taskbar button of its own, with CaseDesk's icon, rather than pythonw.exe's.
    with contextlib.suppress(AttributeError, OSError):
        ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID("CaseDesk.CaseDesk")

from main import main  # noqa: E402

sys.exit(main())
