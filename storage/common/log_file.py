"""The log file, logs/casedesk.log in the data folder. It never holds client data or
passwords: modules log what happened, never the values typed."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler

from storage.common.locations import data_folder


def configure_logging() -> None:
    folder = data_folder() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(
        folder / "casedesk.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])
