"""The backup folder an administrator chooses (a USB or network drive), as typed."""

from __future__ import annotations

from pathlib import Path

from domain.common.errors import ValidationError
from domain.common.field_rules import FieldProblem, reject_invisible_characters

# Stored in the office settings; blank means the data folder's backups/.
BACKUP_FOLDER = "backup_folder"
# Windows' classic path limit; a folder near it leaves no room for the file names.
LONGEST_FOLDER = 200


def validate_backup_folder(raw: str) -> str:
    """The folder to store ("" for the default); ``ValidationError`` with the reason.

    Whether the folder can be written is the store's question, asked separately.
    """
    try:
        reject_invisible_characters(raw)
    except FieldProblem as problem:
        raise ValidationError({BACKUP_FOLDER: str(problem)}) from None
    if any(char in "\t\n\r" for char in raw):
        raise ValidationError({BACKUP_FOLDER: "Keep the folder on one line."})
    # Only the ends: two spaces inside a folder's name are part of it.
    text = raw.strip().strip('"').strip()  # Explorer's "Copy as path" adds quotes
    if not text:
        return ""
    if len(text) > LONGEST_FOLDER:
        raise ValidationError(
            {BACKUP_FOLDER: f"Use a folder path of at most {LONGEST_FOLDER} characters."}
        )
    if not Path(text).is_absolute():
        raise ValidationError(
            {
                BACKUP_FOLDER: "Give the folder's whole path, with its drive or server: "
                r"for example E:\CaseDesk backups or \\server\share\CaseDesk."
            }
        )
    return text
