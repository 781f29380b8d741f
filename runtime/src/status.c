/*===- status.c - nnrt_status_t implementation --------------------*- C -*-===//
 *
 * Part of nncc.
 *
 * A status is one libc allocation holding the code followed by the
 * NUL-terminated message. The static out-of-memory status lets creation
 * report failure without allocating.
 *===----------------------------------------------------------------------===*/
#include "runtime/src/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

struct nnrt_status {
  nnrt_status_code_t code;
  const char *message; /* points just past the struct, or to a literal */
};

/* Returned when a status itself cannot be allocated; never freed. */
static struct nnrt_status out_of_memory_status = {
    NNRT_STATUS_RESOURCE_EXHAUSTED, "out of memory creating a status"};

nnrt_status_t nnrt_status_make(nnrt_status_code_t code, const char *format,
                               ...) {
  va_list args;
  va_start(args, format);
  va_list args_copy;
  va_copy(args_copy, args);
  int length = vsnprintf(NULL, 0, format, args);
  va_end(args);
  if (length < 0)
    length = 0;

  struct nnrt_status *status = (struct nnrt_status *)malloc(
      sizeof(struct nnrt_status) + (size_t)length + 1);
  if (!status) {
    va_end(args_copy);
    return &out_of_memory_status;
  }
  /* A status always describes an error; OK is represented by NULL. */
  status->code = code == NNRT_STATUS_OK ? NNRT_STATUS_INTERNAL : code;
  char *message = (char *)(status + 1);
  message[0] = '\0';
  if (length > 0)
    vsnprintf(message, (size_t)length + 1, format, args_copy);
  va_end(args_copy);
  status->message = message;
  return status;
}

const char *nnrt_status_code_name(int32_t code) {
  switch (code) {
  case NNRT_STATUS_OK:
    return "ok";
  case NNRT_STATUS_INVALID_ARGUMENT:
    return "invalid argument";
  case NNRT_STATUS_OUT_OF_RANGE:
    return "out of range";
  case NNRT_STATUS_UNIMPLEMENTED:
    return "unimplemented";
  case NNRT_STATUS_RESOURCE_EXHAUSTED:
    return "resource exhausted";
  case NNRT_STATUS_INCOMPATIBLE:
    return "incompatible";
  case NNRT_STATUS_INTERNAL:
    return "internal";
  default:
    return "unknown status";
  }
}

nnrt_status_code_t nnrt_status_code(nnrt_status_t status) {
  return status ? status->code : NNRT_STATUS_OK;
}

const char *nnrt_status_message(nnrt_status_t status) {
  return status ? status->message : "ok";
}

void nnrt_status_free(nnrt_status_t status) {
  if (status == &out_of_memory_status)
    return;
  free(status);
}
