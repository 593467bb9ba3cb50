; CaseDesk's Windows installer. build.sh runs:
;   makensis -DVERSION=0.1.0 -DPAYLOAD=build/nsis -DOUTFILE=dist/CaseDesk-Setup-0.1.0.exe casedesk.nsi
; PAYLOAD is what build_payload.py had pynsist lay out: Python\ (embeddable CPython),
; pkgs\ (every wheel unpacked, CaseDesk included), bin\casedesk.exe, launch.pyw.
;
; Command line (for an office's IT person):
;   /S                        silent
;   /AllUsers | /CurrentUser  for every user, in Program Files (the default for an
;                             administrator), or for the current user only, no admin rights
;   /INSTDIR=C:\path          another folder
;   /DATABASE_URL=postgresql://server/casedesk
;                             the shared server for every account of this computer,
;                             written to %ProgramData%\CaseDesk\casedesk.ini
; Exit codes: 0 installed; 1 cancelled or failed; 2 installed, but the server preset
; was refused (the message says why); 740 all users asked without administrator rights.

!ifndef VERSION | PAYLOAD | OUTFILE
  !error "Run through build.sh: VERSION, PAYLOAD and OUTFILE must be defined"
!endif

Unicode true
; A 64-bit installer for a 64-bit program; 32-bit Windows refuses to start it.
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma
SetCompressorDictSize 64

!define PRODUCT "CaseDesk"
!define PUBLISHER "CaseDesk"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${PRODUCT}"
; $APPDATA is %ProgramData% where the shell context is "all" (per-machine).
!define MACHINE_CONFIG "$APPDATA\${PRODUCT}\casedesk.ini"

Name "${PRODUCT} ${VERSION}"
OutFile "${OUTFILE}"
BrandingText "${PRODUCT} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "${PRODUCT}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "CompanyName" "${PUBLISHER}"
VIAddVersionKey "FileDescription" "${PRODUCT} setup"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "LegalCopyright" "${PUBLISHER}"

; Per machine by default; per user when asked, or when the person is no administrator.
!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_USE_PROGRAMFILES64
!define MULTIUSER_INSTALLMODE_INSTDIR "${PRODUCT}"
; An upgrade finds the earlier install's mode and folder.
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_KEY "${UNINSTALL_KEY}"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_VALUENAME "InstallMode"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_KEY "${UNINSTALL_KEY}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_VALUENAME "InstallLocation"
!define MULTIUSER_INIT_TEXT_ALLUSERSNOTPOSSIBLE \
  "Installing ${PRODUCT} for all users of this computer needs administrator rights.$\r$\n$\r$\nRun the installer as an administrator, or install for yourself only (/CurrentUser)."
!define MULTIUSER_INIT_FUNCTIONQUIT quit_needs_admin
!include MultiUser.nsh
!include MUI2.nsh
!include FileFunc.nsh
!include LogicLib.nsh
!include Sections.nsh

!define MUI_ICON "casedesk.ico"
!define MUI_UNICON "casedesk.ico"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TEXT \
  "This installs ${PRODUCT} ${VERSION}, case management for your office.$\r$\n$\r$\nInstalling over an earlier version upgrades it in place; your data stays where it is."
!insertmacro MUI_PAGE_WELCOME
!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_TEXT \
  "${PRODUCT} is installed. Start it from the Start menu.$\r$\n$\r$\nThe casedesk command (--version, db status, db upgrade) is on the PATH of new command prompts."
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP \
  "${PRODUCT} will be removed from this computer. Your own CaseDesk data (the database file, drafts, logs and backups in %LOCALAPPDATA%\${PRODUCT}) is kept unless you tick it on the next page."
!insertmacro MUI_UNPAGE_CONFIRM
!define MUI_COMPONENTSPAGE_TEXT_TOP "Untick nothing to keep your data; tick it to delete it for good."
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Var preset_url

Section "${PRODUCT}" sec_program
  SectionIn RO
  SetRegView 64

  ; An upgrade: the earlier version's Python and packages go first, so nothing of
  ; them lingers beside the new ones.
  ${If} ${FileExists} "$INSTDIR\pkgs\main.py"
    DetailPrint "Replacing the earlier version in $INSTDIR"
    RMDir /r "$INSTDIR\pkgs"
    RMDir /r "$INSTDIR\Python"
    RMDir /r "$INSTDIR\bin"
  ${EndIf}

  SetOutPath "$INSTDIR"
  File "casedesk.ico"
  File "${PAYLOAD}\launch.pyw"
  File "${PAYLOAD}\_system_path.py"
  SetOutPath "$INSTDIR\Python"
  File /r "${PAYLOAD}\Python\*.*"
  SetOutPath "$INSTDIR\bin"
  File /r "${PAYLOAD}\bin\*.*"
  SetOutPath "$INSTDIR\pkgs"
  File /r "${PAYLOAD}\pkgs\*.*"

  DetailPrint "Compiling Python modules (faster first start)"
  nsExec::ExecToLog '"$INSTDIR\Python\python.exe" -I -m compileall -q "$INSTDIR\pkgs"'
  Pop $0

  ; The Start-menu shortcut: pythonw.exe, so no console window opens.
  SetOutPath "%USERPROFILE%"
  CreateShortCut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\Python\pythonw.exe" \
    '"$INSTDIR\launch.pyw"' "$INSTDIR\casedesk.ico" 0 SW_SHOWNORMAL "" \
    "Case management for your office"
  SetOutPath "$INSTDIR"

  DetailPrint "Putting the casedesk command on the PATH"
  ${If} $MultiUser.InstallMode == "AllUsers"
    nsExec::ExecToLog '"$INSTDIR\Python\python.exe" -I "$INSTDIR\_system_path.py" add "$INSTDIR\bin"'
  ${Else}
    nsExec::ExecToLog '"$INSTDIR\Python\python.exe" -I "$INSTDIR\_system_path.py" add_user "$INSTDIR\bin"'
  ${EndIf}
  Pop $0

  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\casedesk.ico"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallMode" "$MultiUser.InstallMode"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" \
    '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" \
    '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode /S'
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "EstimatedSize" $0

  ${If} $MultiUser.InstallMode == "AllUsers"
    ; %ProgramData% lets any user create files; the machine config names the server
    ; everyone signs in to, so only administrators may write its folder.
    CreateDirectory "$APPDATA\${PRODUCT}"
    nsExec::ExecToLog 'icacls "$APPDATA\${PRODUCT}" /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F /grant:r *S-1-5-18:(OI)(CI)F /grant:r *S-1-5-32-545:(OI)(CI)RX'
    Pop $0
  ${EndIf}
  ${If} $preset_url != ""
    Call preset_server
  ${EndIf}
SectionEnd

; The server preset goes through CaseDesk's own check (no password in a file every
; account can read), so the installer and the app agree on what is valid.
Function preset_server
  ${If} $MultiUser.InstallMode != "AllUsers"
    MessageBox MB_ICONEXCLAMATION|MB_OK \
      "/DATABASE_URL presets the server for every user of this computer, so it needs an installation for all users. ${PRODUCT} is installed; no server was preset." \
      /SD IDOK
    SetErrorLevel 2
    Return
  ${EndIf}
  DetailPrint "Presetting the shared server in ${MACHINE_CONFIG}"
  nsExec::ExecToStack '"$INSTDIR\bin\casedesk.exe" machine-config --database-url "$preset_url"'
  Pop $0
  Pop $1
  DetailPrint "$1"
  ${If} $0 != 0
    MessageBox MB_ICONEXCLAMATION|MB_OK \
      "${PRODUCT} is installed, but the server was not preset:$\r$\n$\r$\n$1" /SD IDOK
    SetErrorLevel 2
  ${EndIf}
FunctionEnd

Function quit_needs_admin
  SetErrorLevel 740  ; ERROR_ELEVATION_REQUIRED
  Quit
FunctionEnd

Function .onInit
  ; MultiUser.nsh reads /AllUsers and /CurrentUser; /INSTDIR= replaces NSIS's /D=,
  ; which MultiUser.nsh would overwrite.
  !insertmacro MULTIUSER_INIT
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/INSTDIR=" $R1
  ${IfNot} ${Errors}
    StrCpy $INSTDIR $R1
  ${EndIf}
  Call read_preset_url
FunctionEnd

; /DATABASE_URL=... up to the next space or quote. GetOptions would end the value at
; its first "/", and every URL has some.
Function read_preset_url
  StrCpy $preset_url ""
  StrLen $R2 $R0
  StrCpy $R1 0
  find:
    IntCmp $R1 $R2 done 0 done
    StrCpy $R3 $R0 14 $R1  ; 14 = the length of "/DATABASE_URL="
    StrCmp $R3 "/DATABASE_URL=" found  ; StrCmp ignores case
    IntOp $R1 $R1 + 1
    Goto find
  found:
    IntOp $R1 $R1 + 14
    StrCpy $R4 $R0 "" $R1
    StrCpy $R3 $R4 1
    StrCmp $R3 '"' 0 +2
      StrCpy $R4 $R4 "" 1  ; /DATABASE_URL="postgresql://..."
    StrCpy $R5 0
  measure:
    StrCpy $R3 $R4 1 $R5
    StrCmp $R3 "" cut
    StrCmp $R3 " " cut
    StrCmp $R3 '"' cut
    IntOp $R5 $R5 + 1
    Goto measure
  cut:
    StrCpy $preset_url $R4 $R5
  done:
FunctionEnd

; --- uninstaller ---------------------------------------------------------------

Section "un.${PRODUCT} program files" un_program
  SectionIn RO
  SetRegView 64
  nsExec::ExecToLog '"$INSTDIR\Python\python.exe" -I "$INSTDIR\_system_path.py" remove "$INSTDIR\bin"'
  Pop $0
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  ; Only what the installer put here: never the folder's other contents.
  RMDir /r "$INSTDIR\pkgs"
  RMDir /r "$INSTDIR\Python"
  RMDir /r "$INSTDIR\bin"
  Delete "$INSTDIR\launch.pyw"
  Delete "$INSTDIR\_system_path.py"
  Delete "$INSTDIR\casedesk.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey SHCTX "${UNINSTALL_KEY}"
SectionEnd

Section /o "un.My CaseDesk data (database, drafts, logs, backups)" un_data
  ; The data of the person uninstalling, whichever way the program was installed.
  SetShellVarContext current
  DetailPrint "Deleting $LOCALAPPDATA\${PRODUCT}"
  RMDir /r "$LOCALAPPDATA\${PRODUCT}"
  ${If} $MultiUser.InstallMode == "AllUsers"
    SetShellVarContext all
    Delete "${MACHINE_CONFIG}"
    RMDir "$APPDATA\${PRODUCT}"
  ${EndIf}
SectionEnd

Section "-un.say what stayed"
  ${IfNot} ${SectionIsSelected} ${un_data}
    SetShellVarContext current
    DetailPrint "Kept your data in $LOCALAPPDATA\${PRODUCT}"
  ${EndIf}
SectionEnd

Function un.onInit
  !insertmacro MULTIUSER_UNINIT
  ; /PURGE (with /S): delete the data too, as ticking the box does.
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/PURGE" $R1
  ${IfNot} ${Errors}
    !insertmacro SelectSection ${un_data}
  ${EndIf}
FunctionEnd
