/* Test-only stand-in for Windows 10's system icuuc.dll, which Wine 8 lacks.
 *
 * Qt6Core.dll (PySide6 6.10+) imports these ucnv_* entry points at load time, so
 * without the DLL nothing Qt imports. Qt uses ICU only for legacy codecs (QStringConverter
 * by name); every function here fails the way ICU does for an unknown converter, and
 * Qt then falls back to its built-in UTF-8/UTF-16/Latin-1 codecs.
 *
 * Lives only in the smoke test's throwaway prefix; never shipped. */

#include <stddef.h>
#include <stdint.h>

typedef int UErrorCode;        /* ICU's enum: > 0 is a failure */
typedef uint16_t UChar;
typedef int32_t UChar32;
typedef int8_t UBool;
typedef struct UConverter UConverter;

#define U_UNSUPPORTED_ERROR 16
#define EXPORT __declspec(dllexport)

/* ICU's rule: an incoming failure is left untouched, else the call reports its own. */
static void fail(UErrorCode *err)
{
    if (err != NULL && *err <= 0)
        *err = U_UNSUPPORTED_ERROR;
}

typedef void (*UConverterToUCallback)(const void *, void *, const char *, int32_t, int,
                                      UErrorCode *);
typedef void (*UConverterFromUCallback)(const void *, void *, const UChar *, int32_t,
                                        UChar32, int, UErrorCode *);

EXPORT UConverter *ucnv_open(const char *name, UErrorCode *err)
{
    (void)name;
    fail(err);
    return NULL;
}

EXPORT void ucnv_close(UConverter *cnv) { (void)cnv; }
EXPORT void ucnv_reset(UConverter *cnv) { (void)cnv; }
EXPORT int8_t ucnv_getMaxCharSize(const UConverter *cnv) { (void)cnv; return 1; }

EXPORT const char *ucnv_getName(const UConverter *cnv, UErrorCode *err)
{
    (void)cnv;
    fail(err);
    return NULL;
}

EXPORT void ucnv_getToUCallBack(const UConverter *cnv, UConverterToUCallback *action,
                                const void **context)
{
    (void)cnv;
    if (action) *action = NULL;
    if (context) *context = NULL;
}

EXPORT void ucnv_getFromUCallBack(const UConverter *cnv, UConverterFromUCallback *action,
                                  const void **context)
{
    (void)cnv;
    if (action) *action = NULL;
    if (context) *context = NULL;
}

EXPORT void ucnv_setToUCallBack(UConverter *cnv, UConverterToUCallback action,
                                const void *context, UConverterToUCallback *old_action,
                                const void **old_context, UErrorCode *err)
{
    (void)cnv; (void)action; (void)context;
    if (old_action) *old_action = NULL;
    if (old_context) *old_context = NULL;
    fail(err);
}

EXPORT void ucnv_setFromUCallBack(UConverter *cnv, UConverterFromUCallback action,
                                  const void *context, UConverterFromUCallback *old_action,
                                  const void **old_context, UErrorCode *err)
{
    (void)cnv; (void)action; (void)context;
    if (old_action) *old_action = NULL;
    if (old_context) *old_context = NULL;
    fail(err);
}

EXPORT void ucnv_cbToUWriteUChars(void *args, const UChar *source, int32_t length,
                                  int32_t offset_index, UErrorCode *err)
{
    (void)args; (void)source; (void)length; (void)offset_index;
    fail(err);
}

EXPORT void ucnv_cbFromUWriteUChars(void *args, const UChar **source,
                                    const UChar *source_limit, int32_t offset_index,
                                    UErrorCode *err)
{
    (void)args; (void)source; (void)source_limit; (void)offset_index;
    fail(err);
}

EXPORT void ucnv_toUnicode(UConverter *cnv, UChar **target, const UChar *target_limit,
                           const char **source, const char *source_limit, int32_t *offsets,
                           UBool flush, UErrorCode *err)
{
    (void)cnv; (void)target; (void)target_limit; (void)source; (void)source_limit;
    (void)offsets; (void)flush;
    fail(err);
}

EXPORT void ucnv_fromUnicode(UConverter *cnv, char **target, const char *target_limit,
                             const UChar **source, const UChar *source_limit,
                             int32_t *offsets, UBool flush, UErrorCode *err)
{
    (void)cnv; (void)target; (void)target_limit; (void)source; (void)source_limit;
    (void)offsets; (void)flush;
    fail(err);
}

EXPORT int32_t ucnv_toUCountPending(const UConverter *cnv, UErrorCode *err)
{
    (void)cnv;
    fail(err);
    return 0;
}

EXPORT int32_t ucnv_fromUCountPending(const UConverter *cnv, UErrorCode *err)
{
    (void)cnv;
    fail(err);
    return 0;
}

EXPORT const char *ucnv_getStandardName(const char *name, const char *standard,
                                        UErrorCode *err)
{
    (void)name; (void)standard;
    fail(err);
    return NULL;
}

/* No converters at all: Qt's list of available codecs then holds only its own. */
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
EXPORT const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }

/* Qt passes these as callback values; they are never reached since no converter opens. */
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *context, void *args,
                                          const char *units, int32_t length, int reason,
                                          UErrorCode *err)
{
    (void)context; (void)args; (void)units; (void)length; (void)reason;
    fail(err);
}

EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *context, void *args,
                                            const UChar *units, int32_t length,
                                            UChar32 code_point, int reason, UErrorCode *err)
{
    (void)context; (void)args; (void)units; (void)length; (void)code_point; (void)reason;
    fail(err);
}
