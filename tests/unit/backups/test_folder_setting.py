"""The backup folder as an administrator types it."""

from __future__ import annotations

import os

import pytest

from domain.backups.folder_setting import BACKUP_FOLDER, validate_backup_folder
from domain.common.errors import ValidationError

ABSOLUTE = "E:\\CaseDesk  backups" if os.name == "nt" else "/media/usb/CaseDesk  backups"


def test_a_whole_path_is_kept_as_typed_inner_spaces_and_all():
    assert validate_backup_folder(f'  "{ABSOLUTE}" ') == ABSOLUTE


def test_blank_means_the_data_folder():
    assert validate_backup_folder("   ") == ""


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("backups", "whole path"),
        ("..\\backups", "whole path"),
        ("/x\u200b/y", "hidden control character"),
        ("/" + "a" * 250, "at most 200"),
    ],
)
def test_a_folder_that_cannot_be_used_is_explained(typed, words):
    with pytest.raises(ValidationError) as raised:
        validate_backup_folder(typed)
    assert words in raised.value.errors[BACKUP_FOLDER]
