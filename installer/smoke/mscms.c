/* Test-only stand-in for mscms.dll (colour management), loaded instead of Wine's own
 * with WINEDLLOVERRIDES=mscms=n.
 *
 * Wine 8's mscms leaves WcsCreateIccProfile unimplemented, and Qt's Windows platform
 * plugin (qwindows.dll) calls it for each screen's colour profile: the process aborts.
 * These are the four functions Qt imports; opening a profile fails, and Qt then
 * treats the screen as sRGB, which is what Xvfb is. Never shipped. */

#include <windows.h>

typedef HANDLE HPROFILE;

__declspec(dllexport) HPROFILE WINAPI OpenColorProfileW(void *profile, DWORD access,
                                                        DWORD sharing, DWORD creation)
{
    (void)profile; (void)access; (void)sharing; (void)creation;
    SetLastError(ERROR_NOT_SUPPORTED);
    return NULL;
}

__declspec(dllexport) HPROFILE WINAPI WcsCreateIccProfile(HPROFILE profile, DWORD options)
{
    (void)profile; (void)options;
    SetLastError(ERROR_NOT_SUPPORTED);
    return NULL;
}

__declspec(dllexport) BOOL WINAPI GetColorProfileFromHandle(HPROFILE profile, BYTE *buffer,
                                                           DWORD *size)
{
    (void)profile; (void)buffer;
    if (size) *size = 0;
    SetLastError(ERROR_INVALID_HANDLE);
    return FALSE;
}

__declspec(dllexport) BOOL WINAPI CloseColorProfile(HPROFILE profile)
{
    return profile == NULL ? FALSE : TRUE;
}
