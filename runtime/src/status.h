/*===- status.h - Creating nnrt_status_t objects ------------------*- C -*-===//
 *
 * Part of nncc.
 *
 * Internal helpers that build the status objects returned by the public API.
 * Creation never fails visibly: when memory for a new status cannot be had,
 * a static "out of memory" status is returned instead, which
 * nnrt_status_free() recognises and does not free.
 *===----------------------------------------------------------------------===*/
#ifndef NNRT_SRC_STATUS_H
#define NNRT_SRC_STATUS_H

#include "nnrt/nnrt.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define NNRT_PRINTF_FORMAT(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define NNRT_PRINTF_FORMAT(fmt, args)
#endif

/// Returns a new status with `code` (must not be NNRT_STATUS_OK) and a
/// printf-formatted message. The caller owns the result.
nnrt_status_t nnrt_status_make(nnrt_status_code_t code, const char *format, ...)
    NNRT_PRINTF_FORMAT(2, 3);

/// Returns a lowercase name for a status code ("invalid argument"), or
/// "unknown status" for a value outside nnrt_status_code_t.
const char *nnrt_status_code_name(int32_t code);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NNRT_SRC_STATUS_H */
