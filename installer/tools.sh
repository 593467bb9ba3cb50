# shellcheck shell=bash
# Shared by build.sh and lock.sh: the Debian tools the build needs, installed when missing.
need_debian_tools() {
  local missing=()
  command -v makensis >/dev/null || missing+=(nsis)
  command -v osslsigncode >/dev/null || missing+=(osslsigncode)
  python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "== Installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "BUILD STOPPED: needs ${missing[*]} (Debian packages); run as root or: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
    echo "BUILD STOPPED: could not install ${missing[*]} from Debian's packages (is the mirror reachable?)" >&2
    exit 1
  fi
}
