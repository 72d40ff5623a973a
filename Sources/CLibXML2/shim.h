#ifndef CHIPCHECK_CLIBXML2_SHIM_H
#define CHIPCHECK_CLIBXML2_SHIM_H
/* Debian's libxml2 is built with ICU, so <libxml/encoding.h> would include the
   system's <unicode/ucnv.h>. Swift's Foundation ships its own ICU headers
   (module _FoundationICU) and clang refuses to merge the two definitions of
   UErrorCode when a module imports both. The ICU-only parts of libxml2's API
   (the uconv fields of xmlCharEncodingHandler) are never used from Swift, so
   the shim hides them. Pointers to that struct stay valid; its layout is
   simply not visible to Swift. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlschemastypes.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>
#include <libxml/xpath.h>

/* libxml2's generic (unstructured) error callback is variadic, which Swift
   cannot express as a closure. This no-op lets the IPXACT module install a
   generic handler that drops the text: every error that matters also arrives
   through the structured handler, which routes it into diagnostics. */
static inline void chipcheck_xml_ignore_generic_error(void *ctx, const char *msg, ...) {
    (void)ctx;
    (void)msg;
}

/* Installs the no-op generic handler for the calling thread
   (xmlSetGenericErrorFunc). */
static inline void chipcheck_xml_silence_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, chipcheck_xml_ignore_generic_error);
}
#endif
