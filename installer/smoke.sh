#!/usr/bin/env bash
# Smoke test of the Windows installer under Wine 8 (64-bit only: no wine32, no i386).
#
#   bash installer/smoke.sh [INSTALLER.exe]     (default: newest installer/dist/CaseDesk-Setup-*.exe)
#   KEEP=1 bash installer/smoke.sh              keeps the throwaway prefix for a look afterwards
#
# Installs silently into a fresh WINEPREFIX on a private Xvfb display, checks what the
# installer left (folder, shortcut, registry, PATH), imports every dependency with the
# installed Python, runs the command line, opens the demo's sign-in window through the
# Start-menu shortcut's own command (screenshot: installer/dist/smoke-sign-in.png), then
# uninstalls and checks the person's data survived.
#
# Wine 8 lacks a few things Windows 10 has; the test works around them inside the
# prefix only, never in the installer (see installer/smoke/*.c and step 3).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SMOKE=$HERE/smoke
DIST=$HERE/dist
STEPS=10
GUI_TIMEOUT=${GUI_TIMEOUT:-180}   # seconds to the sign-in window (the demo seeds 250 clients first)
SIGN_IN_TITLE="Sign in to CaseDesk"   # gui/staff/sign_in_dialogs.py
INSTDIR='C:\Program Files\CaseDesk'   # a per-machine install: Wine's user is an administrator
UNINSTALL_KEY='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\CaseDesk'
ENV_KEY='HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\Environment'

# --- Output and timing ---------------------------------------------------------

now_us() { echo "${EPOCHREALTIME/./}"; }
seconds_since() { # microseconds -> "12.3"
    local d=$(( $(now_us) - $1 ))
    printf '%d.%d' $(( d / 1000000 )) $(( d % 1000000 / 100000 ))
}
START_US=$(now_us)
STEP=0
STEP_US=$START_US
TIMES=()

step() {
    if (( STEP > 0 )); then finish_step; fi
    STEP=$1
    STEP_TITLE=$2
    STEP_US=$(now_us)
    printf '\n[%d/%d] %s\n' "$STEP" "$STEPS" "$STEP_TITLE"
}
finish_step() {
    local took
    took=$(seconds_since "$STEP_US")
    TIMES+=("$(printf '[%d/%d] %6s s  %s' "$STEP" "$STEPS" "$took" "$STEP_TITLE")")
    printf '[%d/%d] ok (%s s)\n' "$STEP" "$STEPS" "$took"
}
say() { printf '      %s\n' "$@"; }
indent() { sed 's/^/      | /'; }
die() {
    if (( STEP == 0 )); then printf 'FAILED: %s\n' "$*" >&2; exit 1; fi
    printf '\n[%d/%d] FAILED after %s s: %s\n' "$STEP" "$STEPS" "$(seconds_since "$STEP_US")" "$*" >&2
    exit 1
}

# --- Cleanup: runs on success, failure and Ctrl-C ---------------------------------

WORK=''
XVFB_PID=''
GUI_PID=''
cleanup() {
    local rc=$?
    trap - EXIT
    if [[ -n $GUI_PID ]]; then kill "$GUI_PID" 2>/dev/null || true; fi
    # Ends every Windows process of this prefix, and only of this prefix.
    if [[ -n $WORK && -d $WORK/prefix ]]; then "$WINESERVER" -k 2>/dev/null || true; fi
    if [[ -n $XVFB_PID ]]; then kill "$XVFB_PID" 2>/dev/null || true; wait "$XVFB_PID" 2>/dev/null || true; fi
    if [[ -n $WORK ]]; then
        if [[ ${KEEP:-0} == 1 ]]; then
            echo "KEEP=1: prefix kept in $WORK/prefix (WINEPREFIX=$WORK/prefix)"
        else
            rm -rf "$WORK"
            if (( rc != 0 )); then echo "The prefix was removed; KEEP=1 keeps it for a look." >&2; fi
        fi
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'echo "Interrupted." >&2; exit 130' INT TERM

# --- Wine helpers ----------------------------------------------------------------

WINE=/usr/lib/wine/wine64   # Debian's wine64 loader; /usr/bin/wine would look for wine32 first
WINESERVER=/usr/lib/wine/wineserver64
OUT=''
RC=0
# Runs a Windows program: its output (CRs dropped) in $OUT, its exit code in $RC.
# Python under Wine dies in init_sys_streams ("Invalid handle") when stdout or stderr is a
# regular file, so both go through a pipe, and PIPESTATUS keeps the program's exit code.
wine_run() {
    local limit=$1
    shift
    OUT=$(timeout --kill-after=10 "$limit" "$WINE" "$@" </dev/null 2>&1 | tr -d '\r'
          exit "${PIPESTATUS[0]}") && RC=0 || RC=$?
    if (( RC == 124 || RC == 137 )); then
        printf '%s\n' "$OUT" | indent
        die "timed out after $limit s: $*"
    fi
}
# C:\... -> the file in the prefix (Wine keeps the case it was created with).
host_path() {
    local p=${1#[Cc]:}
    printf '%s/drive_c%s' "$WINEPREFIX" "${p//\\//}"
}
# A value of a `reg query` answer (the value may hold spaces).
reg_value() {
    sed -nE "s/^[[:space:]]+$1[[:space:]]+REG_[A-Z_]+[[:space:]]*(.*)$/\1/p" <<<"$2" | awk 'NR == 1'
}
lower() { tr '[:upper:]' '[:lower:]' <<<"$1"; }
show_logs() { # what the app wrote, for a failure's diagnosis
    local f
    for f in "$LOCALAPPDATA_HOST/CaseDesk/logs/unexpected-errors.log" \
             "$LOCALAPPDATA_HOST/CaseDesk/logs/casedesk.log" "$WORK/gui.out"; do
        if [[ -s $f ]]; then say "--- last lines of $f"; tail -n 25 "$f" | tr -d '\r' | indent; fi
    done
}

# Host variables Wine would hand to every Windows process: a developer's QT_QPA_PLATFORM,
# PYTHONPATH or CASEDESK_DATA_DIR would change what is being tested.
while read -r name; do unset "$name"; done < <(compgen -e | grep -E '^(QT_|PYTHON|CASEDESK_|VIRTUAL_ENV)')

INSTALLER=${1:-}
if [[ -z $INSTALLER ]]; then
    for candidate in "$DIST"/CaseDesk-Setup-*.exe; do   # the newest one
        if [[ -f $candidate && ( -z $INSTALLER || $candidate -nt $INSTALLER ) ]]; then INSTALLER=$candidate; fi
    done
    [[ -n $INSTALLER ]] || die "no installer given and none in $DIST (CaseDesk-Setup-*.exe)"
fi
[[ -f $INSTALLER ]] || die "no such installer: $INSTALLER"
INSTALLER=$(cd "$(dirname "$INSTALLER")" && pwd)/$(basename "$INSTALLER")
VERSION=$(sed -nE '/^\[project\]/,/^\[/ s/^version *= *"([^"]+)".*/\1/p' "$HERE/../pyproject.toml")
[[ -n $VERSION ]] || die "no version in pyproject.toml"
echo "Installer: $INSTALLER ($(du -h "$INSTALLER" | cut -f1)), CaseDesk $VERSION"

# --- 1. Host packages ------------------------------------------------------------

step 1 "Host packages"
missing=()
need() { # command or file, Debian package
    if [[ $1 == /* ]]; then [[ -x $1 ]] || missing+=("$2"); else command -v "$1" >/dev/null || missing+=("$2"); fi
}
need "$WINE" wine64
need "$WINESERVER" wine64
need Xvfb xvfb
need xwininfo x11-utils                      # finds the sign-in window by its title
need x86_64-w64-mingw32-gcc gcc-mingw-w64-x86-64-win32
need x86_64-w64-mingw32-objdump binutils-mingw-w64-x86-64
need python3 python3                         # smoke/host_tools.py: shortcut reader, screenshot
need timeout coreutils
if (( ${#missing[@]} > 0 )); then
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    if (( EUID != 0 )); then
        die "missing packages: ${missing[*]}; as root run: apt-get install ${missing[*]}"
    fi
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y "${missing[@]}" >/dev/null 2>&1 ||
        { apt-get update >/dev/null && apt-get install -y "${missing[@]}" | tail -n 3 | indent; } ||
        die "apt-get install ${missing[*]} failed"
else
    say "all present: $("$WINE" --version), Xvfb, x11-utils, mingw-w64 gcc, python3"
fi

# --- 2. Throwaway prefix on a private display ------------------------------------

step 2 "Wine prefix and Xvfb display"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/casedesk-smoke.XXXXXX")
mkdir -p "$WORK/fb" "$WORK/home"
# -displayfd: Xvfb picks a free display number itself and writes it once it accepts
# clients. -fbdir keeps the screen as an XWD file: the screenshot needs no X tool.
Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp -nocursor -fbdir "$WORK/fb" \
    3>"$WORK/display" >"$WORK/xvfb.log" 2>&1 &
XVFB_PID=$!
for _ in $(seq 100); do
    [[ -s $WORK/display ]] && break
    kill -0 "$XVFB_PID" 2>/dev/null || die "Xvfb did not start: $(cat "$WORK/xvfb.log")"
    sleep 0.1
done
[[ -s $WORK/display ]] || die "Xvfb gave no display number in 10 s"
DISPLAY=:$(tr -dc '0-9' <"$WORK/display")
export DISPLAY
export WINEPREFIX=$WORK/prefix WINEARCH=win64 WINELOADER=$WINE WINESERVER WINEDEBUG=-all
# Wine links Documents, Desktop... to the home folder and writes menus there: a home of its own.
export HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home/.config XDG_DATA_HOME=$WORK/home/.local/share \
    XDG_CACHE_HOME=$WORK/home/.cache
# mscoree, mshtml: no Mono/Gecko download dialogs; winedbg: a crash ends the process instead
# of hanging in the debugger; winemenubuilder: no .desktop files for the shortcut on the host.
export WINEDLLOVERRIDES="mscoree,mshtml=;winedbg.exe=d;winemenubuilder.exe=d"
wine_run 300 wineboot --init
timeout 120 "$WINESERVER" -w || true   # wineboot returns before the prefix is written out
[[ -f $WINEPREFIX/system.reg ]] || { printf '%s\n' "$OUT" | indent; die "wineboot made no prefix"; }
wine_run 60 cmd /c 'echo %LOCALAPPDATA%'
LOCALAPPDATA_WIN=$(tail -n 1 <<<"$OUT")
LOCALAPPDATA_HOST=$(host_path "$LOCALAPPDATA_WIN")
[[ -d $LOCALAPPDATA_HOST ]] || die "no %LOCALAPPDATA% folder: '$LOCALAPPDATA_WIN' ($LOCALAPPDATA_HOST)"
say "WINEPREFIX=$WINEPREFIX DISPLAY=$DISPLAY" "%LOCALAPPDATA%=$LOCALAPPDATA_WIN"

# --- 3. Test-only stub DLLs ------------------------------------------------------

step 3 "Test-only stubs for what Wine 8 lacks (prefix's system32 only)"
SYSTEM32=$WINEPREFIX/drive_c/windows/system32
mkdir -p "$WORK/stubs"
for name in icuuc bcryptprimitives mscms; do
    x86_64-w64-mingw32-gcc -std=c11 -O2 -Wall -Wextra -Werror -shared -s -static-libgcc \
        -o "$WORK/stubs/$name.dll" "$SMOKE/$name.c" -ladvapi32 ||
        die "cannot build $SMOKE/$name.c"
    cp "$WORK/stubs/$name.dll" "$SYSTEM32/"
done
say "icuuc.dll (Qt6Core's ucnv_* imports), bcryptprimitives.dll (ProcessPrng, jellyfish)," \
    "mscms.dll (WcsCreateIccProfile, Qt's platform plugin)"
# mscms=n: Wine has its own mscms, which must give way to the stub. _wmi.pyd=d: Python's
# platform module asks WMI for the Windows version and Wine 8's propsys aborts
# (VariantToString); without _wmi it falls back to GetVersionEx, as Python intends.
export WINEDLLOVERRIDES="$WINEDLLOVERRIDES;mscms=n;_wmi.pyd=d"

# --- 4. Silent install -----------------------------------------------------------

step 4 "Silent install (/S) and what it leaves"
mkdir -p "$WINEPREFIX/drive_c/smoke"
cp "$INSTALLER" "$WINEPREFIX/drive_c/smoke/"   # run from C:\ as a downloaded file would be
wine_run 900 "C:\\smoke\\$(basename "$INSTALLER")" /S
[[ -n $OUT ]] && printf '%s\n' "$OUT" | indent
if (( RC == 2 )); then  # NSIS's "aborted", also what a truncated or corrupt installer gives
    die "the installer exited with 2: aborted, or its data failed NSIS's CRC check (a build still writing it?)"
fi
(( RC == 0 )) || die "the installer exited with $RC"
rm -f "$WINEPREFIX/drive_c/smoke/$(basename "$INSTALLER")"   # not part of the prefix's size
timeout 120 "$WINESERVER" -w || true    # anything the installer started must have finished
INSTDIR_HOST=$(host_path "$INSTDIR")
if [[ ! -d $INSTDIR_HOST ]]; then
    found=$(find "$WINEPREFIX/drive_c" -maxdepth 7 -path '*/pkgs/main.py' 2>/dev/null | awk 'NR <= 3' || true)
    die "nothing in $INSTDIR after /S${found:+; pkgs/main.py found at: $found}"
fi
for f in Python/python.exe Python/pythonw.exe Python/python313._pth \
         bin/casedesk.exe pkgs/main.py pkgs/PySide6/Qt6Core.dll uninstall.exe; do
    [[ -f $INSTDIR_HOST/$f ]] || die "missing in the install folder: $f"
done
INSTALLED_SIZE=$(du -sh "$INSTDIR_HOST" | cut -f1)
# The installer byte-compiles pkgs\ so that the first start need not.
pycs=$(find "$INSTDIR_HOST/pkgs" -name '*.cpython-313.pyc' | wc -l)
(( pycs > 1000 )) || die "pkgs\\ was not byte-compiled ($pycs .pyc files)"
say "$INSTDIR: $INSTALLED_SIZE, $pycs .pyc files"

START_MENU_ALL=$WINEPREFIX/drive_c/ProgramData/Microsoft/Windows/Start\ Menu
SHORTCUT=$(find "$START_MENU_ALL" -iname CaseDesk.lnk -print -quit 2>/dev/null || true)
if [[ -z $SHORTCUT ]]; then
    elsewhere=$(find "$WINEPREFIX/drive_c/users" -iname CaseDesk.lnk -print -quit 2>/dev/null || true)
    die "no CaseDesk.lnk in the all-users Start menu${elsewhere:+ (only a per-user one: ${elsewhere#"$WINEPREFIX/"})}"
fi
LINK=$(python3 "$SMOKE/host_tools.py" lnk "$SHORTCUT") || die "cannot read $SHORTCUT"
LINK_TARGET=$(sed -n 's/^target=//p' <<<"$LINK")
LINK_WORKDIR=$(sed -n 's/^workdir=//p' <<<"$LINK")
mapfile -t LINK_ARGV < <(sed -n 's/^argv=//p' <<<"$LINK")
say "shortcut ${SHORTCUT#"$WINEPREFIX/drive_c/"}:" "  $LINK_TARGET $(sed -n 's/^args=//p' <<<"$LINK")" \
    "  working folder: ${LINK_WORKDIR:-(none)}"
[[ $(lower "$LINK_TARGET") == "$(lower "$INSTDIR\\Python\\pythonw.exe")" ]] ||
    die "the shortcut starts '$LINK_TARGET', not $INSTDIR\\Python\\pythonw.exe"
# Its first argument is the launch script: a .pyw of the install folder.
[[ ${#LINK_ARGV[@]} -ge 1 && $(lower "${LINK_ARGV[0]}") == "$(lower "$INSTDIR")"\\*.pyw ]] ||
    die "the shortcut's first argument is not a .pyw script in $INSTDIR: ${LINK_ARGV[*]:-none}"
[[ -f $(host_path "${LINK_ARGV[0]}") ]] || die "the shortcut's script ${LINK_ARGV[0]} does not exist"

wine_run 60 reg query "$UNINSTALL_KEY"
(( RC == 0 )) || die "no registry key $UNINSTALL_KEY"
KEY=$OUT
for value in DisplayName DisplayVersion Publisher DisplayIcon InstallLocation UninstallString; do
    v=$(reg_value "$value" "$KEY")
    [[ -n $v ]] || die "$UNINSTALL_KEY has no $value"
    say "$(printf '%-16s %s' "$value" "$v")"
done
[[ $(reg_value DisplayVersion "$KEY") == "$VERSION" ]] || die "DisplayVersion is not $VERSION"
[[ $(lower "$(reg_value InstallLocation "$KEY")") == "$(lower "$INSTDIR")" ]] ||
    die "InstallLocation is not $INSTDIR"
[[ $(lower "$(reg_value UninstallString "$KEY")") == *"$(lower "$INSTDIR\\uninstall.exe")"* ]] ||
    die "UninstallString does not name $INSTDIR\\uninstall.exe"

wine_run 60 reg query "$ENV_KEY" /v PATH
MACHINE_PATH=$(reg_value PATH "$OUT")
[[ ";$(lower "$MACHINE_PATH");" == *";$(lower "$INSTDIR\\bin");"* ]] ||
    die "the machine PATH lacks $INSTDIR\\bin: $MACHINE_PATH"
say "machine PATH holds $INSTDIR\\bin"
INI=$WINEPREFIX/drive_c/ProgramData/CaseDesk/casedesk.ini
# Only /DATABASE_URL= writes it; one here would point `db status` below at a server.
[[ ! -e $INI ]] || die "casedesk.ini was written without /DATABASE_URL: $(tr -d '\r' <"$INI")"

# --- 5. Dependencies and a PDF with the installed Python -------------------------

step 5 "Installed Python: every dependency, and an intake form PDF"
# A newer Qt may import more from the DLLs the stubs stand in for: name what is missing.
exports() { x86_64-w64-mingw32-objdump -p "$1" | sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/ s/^\s*\[ *[0-9]*\] //p'; }
imports() { # DLL file, imported DLL name -> the names it imports from it
    x86_64-w64-mingw32-objdump -p "$1" |
        awk -v want="$(lower "$2")" '/DLL Name:/ { dll = tolower($3) } dll == want && NF == 3 && $1 ~ /^[0-9a-f]+$/ { print $3 }'
}
for pair in "pkgs/PySide6/Qt6Core.dll icuuc" "pkgs/PySide6/plugins/platforms/qwindows.dll mscms"; do
    read -r user stub <<<"$pair"
    lacking=$(comm -23 <(imports "$INSTDIR_HOST/$user" "$stub.dll" | sort -u) <(exports "$WORK/stubs/$stub.dll" | sort -u))
    [[ -z $lacking ]] || die "$user imports from $stub.dll what installer/smoke/$stub.c lacks: $(tr '\n' ' ' <<<"$lacking")"
done
cp "$SMOKE/checks.py" "$WINEPREFIX/drive_c/smoke/"
wine_run 300 "$INSTDIR\\Python\\python.exe" 'C:\smoke\checks.py'
printf '%s\n' "$OUT" | indent
(( RC == 0 )) || die "checks.py failed (exit $RC)"

# --- 6. The command line, as IT uses it ------------------------------------------

step 6 "casedesk on PATH: --version, db status/upgrade on a fresh embedded database"
DATA_HOST=$LOCALAPPDATA_HOST/CaseDesk
[[ ! -e $DATA_HOST/casedesk.sqlite3 ]] || die "a database exists before the first run: $DATA_HOST"
# cmd finds casedesk.exe through the PATH the installer wrote, as a new console would.
wine_run 120 cmd /c casedesk --version
say "casedesk --version -> exit $RC: $OUT"
(( RC == 0 )) || die "casedesk --version exited with $RC"
[[ $(tail -n 1 <<<"$OUT") == "CaseDesk $VERSION" ]] || die "casedesk --version printed '$OUT', not 'CaseDesk $VERSION'"

wine_run 120 cmd /c casedesk db status
say "casedesk db status -> exit $RC:"
printf '%s\n' "$OUT" | indent
# A new embedded database is created empty: status 1, and the hint names the installed command.
(( RC == 1 )) || die "db status on a new database exited with $RC, not 1"
grep -q '^Schema: none .*: empty$' <<<"$OUT" || die "db status did not report an empty schema"
grep -qx 'Run: casedesk db upgrade' <<<"$OUT" || die "db status did not say 'Run: casedesk db upgrade'"
[[ -f $DATA_HOST/casedesk.sqlite3 ]] || die "no database in %LOCALAPPDATA%\\CaseDesk ($DATA_HOST)"
[[ -d $DATA_HOST/logs ]] || die "no logs folder in %LOCALAPPDATA%\\CaseDesk"

wine_run 300 cmd /c casedesk db upgrade
say "casedesk db upgrade -> exit $RC:"
printf '%s\n' "$OUT" | indent
(( RC == 0 )) || die "db upgrade exited with $RC"
wine_run 120 cmd /c casedesk db status
say "casedesk db status -> exit $RC:"
printf '%s\n' "$OUT" | indent
(( RC == 0 )) || die "db status after the upgrade exited with $RC, not 0"
grep -q '^Schema: .*: current$' <<<"$OUT" || die "db status after the upgrade is not current"

# --- 7. The window, started as the Start menu starts it --------------------------

step 7 "GUI through the Start-menu shortcut's command with --demo, to the sign-in window"
# The shortcut's working folder, expanded as the shell does (e.g. %USERPROFILE%).
workdir=$INSTDIR
if [[ -n $LINK_WORKDIR ]]; then
    wine_run 60 cmd /c "echo $LINK_WORKDIR"
    expanded=$(tail -n 1 <<<"$OUT")
    if [[ $expanded == [A-Za-z]:* && -d $(host_path "$expanded") ]]; then
        workdir=$expanded
    else
        say "note: the shortcut's working folder '$LINK_WORKDIR' does not exist here; using $INSTDIR"
    fi
fi
# start.exe runs it as the shell does: pythonw then has no standard handles, as from the
# Start menu (launch.pyw then logs to logs\unexpected-errors.log), and /wait gives its exit
# code. (`start /wait CaseDesk.lnk` would be closer still, but Wine 8 does not wait on a .lnk.)
LAUNCH_US=$(now_us)
"$WINE" start /wait /d "$workdir" "$LINK_TARGET" "${LINK_ARGV[@]}" --demo </dev/null \
    > >(tr -d '\r' >"$WORK/gui.out") 2>&1 &
GUI_PID=$!
window=''
FIRST_WINDOW_SECONDS=''
deadline=$(( $(now_us) + GUI_TIMEOUT * 1000000 ))
while (( $(now_us) < deadline )); do
    tree=$(xwininfo -root -tree 2>/dev/null || true)
    # The first window of the app (the demo's progress window) tells Qt's start from the seeding.
    if [[ -z $FIRST_WINDOW_SECONDS ]] && grep -qF '"CaseDesk": ("pythonw.exe"' <<<"$tree"; then
        FIRST_WINDOW_SECONDS=$(seconds_since "$LAUNCH_US")
    fi
    window=$(grep -F "\"$SIGN_IN_TITLE\":" <<<"$tree" | awk '{ print $1; exit }' || true)
    if [[ -n $window ]] && xwininfo -id "$window" 2>/dev/null | grep -q 'Map State: IsViewable'; then break; fi
    window=''
    if ! kill -0 "$GUI_PID" 2>/dev/null; then
        wait "$GUI_PID" && code=0 || code=$?
        GUI_PID=''
        show_logs
        die "the app exited (code $code) before showing '$SIGN_IN_TITLE'"
    fi
    sleep 0.2
done
if [[ -z $window ]]; then
    say "windows on the display:"
    xwininfo -root -tree | grep -v '(has no name)' | indent
    show_logs
    die "no '$SIGN_IN_TITLE' window within $GUI_TIMEOUT s"
fi
SIGN_IN_SECONDS=$(seconds_since "$LAUNCH_US")
say "launch to sign-in window: $SIGN_IN_SECONDS s (window $window; first window after ${FIRST_WINDOW_SECONDS:-?} s)"
geometry=$(xwininfo -id "$window")
gx=$(sed -n 's/.*Absolute upper-left X: *//p' <<<"$geometry")
gy=$(sed -n 's/.*Absolute upper-left Y: *//p' <<<"$geometry")
gw=$(sed -n 's/.*Width: *//p' <<<"$geometry")
gh=$(sed -n 's/.*Height: *//p' <<<"$geometry")
mkdir -p "$DIST"
SHOT=$DIST/smoke-sign-in.png
# Mapped is not yet painted: wait until the window holds more than a few flat colours.
colours=0
for _ in $(seq 50); do
    summary=$(python3 "$SMOKE/host_tools.py" shot "$WORK/fb/Xvfb_screen0" "$SHOT" "$gx" "$gy" "$gw" "$gh") ||
        die "cannot write the screenshot"
    colours=$(awk '{ print $2 }' <<<"$summary")
    (( colours > 32 )) && break
    sleep 0.2
done
(( colours > 32 )) || die "the sign-in window stayed blank ($summary); see $SHOT"
say "screenshot: $SHOT ($summary)"
# taskkill without /F posts WM_CLOSE, as closing the window would: the dialog's Quit.
wine_run 60 taskkill /IM "$(basename "${LINK_TARGET//\\//}")"
closed=0
for _ in $(seq 150); do
    if ! kill -0 "$GUI_PID" 2>/dev/null; then closed=1; break; fi
    sleep 0.2
done
if (( closed == 0 )); then
    show_logs
    die "the app did not exit within 30 s of WM_CLOSE"
fi
wait "$GUI_PID" && code=0 || code=$?
GUI_PID=''
(( code == 0 )) || { show_logs; die "the app exited with $code after WM_CLOSE"; }
say "closed by WM_CLOSE, exit code 0"
errors=$DATA_HOST/logs/unexpected-errors.log
if [[ -s $errors ]]; then show_logs; die "the app wrote tracebacks to logs\\unexpected-errors.log"; fi
[[ -f $DATA_HOST/casedesk-demo.sqlite3 ]] || die "no demo database in %LOCALAPPDATA%\\CaseDesk"
PREFIX_SIZE_INSTALLED=$(du -sh "$WINEPREFIX" | cut -f1)

# --- 8. Upgrade in place, presetting the shared server ---------------------------

step 8 "Install again over it with /DATABASE_URL= (upgrade in place, server preset)"
timeout 60 "$WINESERVER" -w || true
cp "$INSTALLER" "$WINEPREFIX/drive_c/smoke/"
# Nothing listens on port 9: `db status` must try this server, and fail fast.
SERVER_URL=postgresql://127.0.0.1:9/casedesk
wine_run 900 "C:\\smoke\\$(basename "$INSTALLER")" /S "/DATABASE_URL=$SERVER_URL"
(( RC == 0 )) || die "the installer over the installed version exited with $RC"
timeout 120 "$WINESERVER" -w || true
[[ -f $INI ]] || die "/DATABASE_URL= wrote no $INI"
grep -qx "url = $SERVER_URL" < <(tr -d '\r' <"$INI") || die "casedesk.ini does not hold $SERVER_URL: $(cat "$INI")"
wine_run 120 cmd /c casedesk machine-config
say "casedesk machine-config -> exit $RC: $(tail -n 1 <<<"$OUT")"
[[ $RC == 0 && $OUT == *"$SERVER_URL"* ]] || die "casedesk machine-config does not show the preset"
wine_run 120 cmd /c casedesk db status
say "casedesk db status -> exit $RC (the preset server does not exist here: 3 = cannot reach)"
if (( RC != 3 )) || ! grep -q "127.0.0.1:9" <<<"$OUT"; then
    die "db status did not go to the preset server (exit $RC): $OUT"
fi
# The refused preset: installed still, exit 2, the file unchanged, the password never shown.
wine_run 900 "C:\\smoke\\$(basename "$INSTALLER")" /S "/DATABASE_URL=postgresql://jo:hunter2@other/casedesk"
timeout 120 "$WINESERVER" -w || true
(( RC == 2 )) || die "a preset holding a password gave exit $RC, not 2"
grep -q hunter2 "$INI" && die "the refused password landed in casedesk.ini"
grep -qx "url = $SERVER_URL" < <(tr -d '\r' <"$INI") || die "a refused preset changed casedesk.ini"
rm -f "$WINEPREFIX/drive_c/smoke/$(basename "$INSTALLER")"
# One key, still naming this folder and version (Apps & features keys by product name).
wine_run 60 reg query "$UNINSTALL_KEY"
(( RC == 0 )) || die "the upgrade left no registry key $UNINSTALL_KEY"
[[ $(reg_value DisplayVersion "$OUT") == "$VERSION" &&
   $(lower "$(reg_value InstallLocation "$OUT")") == "$(lower "$INSTDIR")" ]] ||
    die "after the upgrade $UNINSTALL_KEY names another version or folder"
[[ -f $DATA_HOST/casedesk-demo.sqlite3 && -f $DATA_HOST/casedesk.sqlite3 ]] ||
    die "the upgrade touched %LOCALAPPDATA%\\CaseDesk"
say "preset $SERVER_URL; a password in the URL refused (exit 2, file unchanged);" \
    "the same Apps & features entry; the person's data untouched"

# --- 9. Silent uninstall ----------------------------------------------------------

step 9 "Silent uninstall (/S), the person's data stays"
timeout 60 "$WINESERVER" -w || true
wine_run 120 "$INSTDIR\\uninstall.exe" /S
(( RC == 0 )) || die "uninstall.exe /S exited with $RC"
# NSIS copies the uninstaller to %TEMP% and returns at once; the copy does the work.
# wineserver -w returns when every process of the prefix has ended.
timeout 300 "$WINESERVER" -w || die "the uninstaller had not finished after 300 s"
if [[ -e $INSTDIR_HOST ]]; then
    say "left in $INSTDIR:"
    (cd "$INSTDIR_HOST" && find . -maxdepth 2 | awk 'NR <= 20' | indent)
    die "the install folder is still there"
fi
[[ ! -e $SHORTCUT ]] || die "the Start-menu shortcut is still there"
wine_run 60 reg query "$UNINSTALL_KEY"
(( RC != 0 )) || die "the registry key $UNINSTALL_KEY is still there"
wine_run 60 reg query "$ENV_KEY" /v PATH
[[ ";$(lower "$(reg_value PATH "$OUT")");" != *";$(lower "$INSTDIR\\bin");"* ]] ||
    die "the machine PATH still holds $INSTDIR\\bin"
[[ -f $INI ]] || die "the uninstaller removed the machine config $INI (no /PURGE given)"
for f in casedesk.sqlite3 casedesk-demo.sqlite3 logs/casedesk.log; do
    [[ -e $DATA_HOST/$f ]] || die "the uninstaller removed %LOCALAPPDATA%\\CaseDesk\\$f (no /PURGE given)"
done
say "program folder, shortcut, registry key and PATH entry gone;" \
    "%LOCALAPPDATA%\\CaseDesk kept: $(cd "$DATA_HOST" && find . -type f | sed 's|^\./||' | sort | tr '\n' ' ')"

# --- 10. Summary ------------------------------------------------------------------

step 10 "Summary"
PREFIX_SIZE=$(du -sh "$WINEPREFIX" | cut -f1)
finish_step
STEP=0
echo
echo "Smoke test passed: $(basename "$INSTALLER") (CaseDesk $VERSION)"
printf '  %s\n' "${TIMES[@]}"
echo "  total: $(seconds_since "$START_US") s; launch to sign-in window: $SIGN_IN_SECONDS s"
echo "  installed size: $INSTALLED_SIZE; prefix size: $PREFIX_SIZE_INSTALLED installed, $PREFIX_SIZE after uninstall"
echo "  screenshot: $SHOT"
