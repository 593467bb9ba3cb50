/* Test-only stand-in for bcryptprimitives.dll, which Wine 8 lacks.
 *
 * jellyfish's Rust core (Rust std 1.78+) imports ProcessPrng from it for random
 * hash seeds. RtlGenRandom (advapi32's SystemFunction036) gives the same thing:
 * bytes from the system's cryptographic generator. Never shipped. */

#include <windows.h>

#include <ntsecapi.h> /* RtlGenRandom */

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
    /* RtlGenRandom takes a ULONG length: feed large requests in pieces. */
    while (size > 0) {
        ULONG chunk = size > 0x40000000 ? 0x40000000 : (ULONG)size;
        if (!RtlGenRandom(data, chunk))
            return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE; /* documented to always succeed; Rust aborts otherwise */
}
