/*===- tensor.c - Element types and tensor checks -----------------*- C -*-===//
 *
 * Part of nncc.
 *
 * Implements nnrt_dtype_name/nnrt_dtype_size and the checks nnrt_model_run
 * applies to each caller tensor before the model sees it: the generated code
 * trusts its arguments, so every mismatch must be caught here.
 *===----------------------------------------------------------------------===*/
#include "runtime/src/tensor.h"

#include <inttypes.h>
#include <stdio.h>

#include "runtime/src/status.h"

const char *nnrt_dtype_name(uint32_t dtype) {
  switch (dtype) {
  case NNRT_DTYPE_F32:
    return "f32";
  case NNRT_DTYPE_U8:
    return "u8";
  case NNRT_DTYPE_I8:
    return "i8";
  case NNRT_DTYPE_U16:
    return "u16";
  case NNRT_DTYPE_I16:
    return "i16";
  case NNRT_DTYPE_I32:
    return "i32";
  case NNRT_DTYPE_I64:
    return "i64";
  case NNRT_DTYPE_BOOL:
    return "bool";
  case NNRT_DTYPE_F16:
    return "f16";
  case NNRT_DTYPE_F64:
    return "f64";
  case NNRT_DTYPE_U32:
    return "u32";
  case NNRT_DTYPE_U64:
    return "u64";
  case NNRT_DTYPE_BF16:
    return "bf16";
  default:
    return "unknown";
  }
}

size_t nnrt_dtype_size(uint32_t dtype) {
  switch (dtype) {
  case NNRT_DTYPE_U8:
  case NNRT_DTYPE_I8:
  case NNRT_DTYPE_BOOL:
    return 1;
  case NNRT_DTYPE_U16:
  case NNRT_DTYPE_I16:
  case NNRT_DTYPE_F16:
  case NNRT_DTYPE_BF16:
    return 2;
  case NNRT_DTYPE_F32:
  case NNRT_DTYPE_I32:
  case NNRT_DTYPE_U32:
    return 4;
  case NNRT_DTYPE_I64:
  case NNRT_DTYPE_F64:
  case NNRT_DTYPE_U64:
    return 8;
  default:
    return 0;
  }
}

/* Dims are int64_t; a non-negative one must always fit in size_t. */
_Static_assert(sizeof(size_t) >= sizeof(int64_t), "nnrt needs a 64-bit size_t");

bool nnrt_tensor_byte_size(uint32_t dtype, uint32_t rank, const int64_t *dims,
                           size_t *out_bytes) {
  size_t bytes = nnrt_dtype_size(dtype);
  for (uint32_t i = 0; i < rank; ++i) {
    if (dims[i] < 0)
      return false;
    size_t dim = (size_t)dims[i];
    if (dim != 0 && bytes > SIZE_MAX / dim)
      return false;
    bytes *= dim;
  }
  *out_bytes = bytes;
  return true;
}

/* Formats dtype[d0,d1,...] into `buffer` for messages; -1 prints as '?'. */
static const char *nnrt_format_type(uint32_t dtype, uint32_t rank,
                                    const int64_t *dims, char *buffer,
                                    size_t capacity) {
  size_t used =
      (size_t)snprintf(buffer, capacity, "%s[", nnrt_dtype_name(dtype));
  for (uint32_t i = 0; i < rank && used < capacity; ++i) {
    const char *separator = i ? "," : "";
    if (dims[i] < 0)
      used +=
          (size_t)snprintf(buffer + used, capacity - used, "%s?", separator);
    else
      used += (size_t)snprintf(buffer + used, capacity - used, "%s%" PRId64,
                               separator, dims[i]);
  }
  if (used < capacity)
    snprintf(buffer + used, capacity - used, "]");
  return buffer;
}

nnrt_status_t nnrt_tensor_check(const char *kind,
                                const nnrt_tensor_desc_v1_t *desc,
                                const nnrt_tensor_t *tensor) {
  const char *name = desc->name;
  if (tensor->struct_size < sizeof(nnrt_tensor_t))
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                            "%s '%s': struct_size %" PRIu32
                            " is smaller than sizeof(nnrt_tensor_t) = %zu",
                            kind, name, tensor->struct_size,
                            sizeof(nnrt_tensor_t));
  if (tensor->dtype != desc->dtype)
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                            "%s '%s': expected dtype %s, got %s (%" PRIu32 ")",
                            kind, name, nnrt_dtype_name(desc->dtype),
                            nnrt_dtype_name(tensor->dtype), tensor->dtype);
  if (tensor->rank != desc->rank)
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                            "%s '%s': expected rank %" PRIu32 ", got %" PRIu32,
                            kind, name, desc->rank, tensor->rank);
  if (tensor->rank > 0 && !tensor->dims)
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                            "%s '%s': dims is NULL for rank %" PRIu32, kind,
                            name, tensor->rank);
  for (uint32_t i = 0; i < tensor->rank; ++i) {
    int64_t expected = desc->dims[i];
    int64_t got = tensor->dims[i];
    if (expected >= 0 && got != expected)
      return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                              "%s '%s' dim %" PRIu32 ": expected %" PRId64
                              ", got %" PRId64,
                              kind, name, i, expected, got);
    if (got < 0)
      return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                              "%s '%s' dim %" PRIu32
                              ": expected a size >= 0, got %" PRId64,
                              kind, name, i, got);
  }

  char type[256];
  size_t needed = 0;
  if (!nnrt_tensor_byte_size(tensor->dtype, tensor->rank, tensor->dims,
                             &needed))
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                            "%s '%s': the size of %s overflows", kind, name,
                            nnrt_format_type(tensor->dtype, tensor->rank,
                                             tensor->dims, type, sizeof(type)));
  if (tensor->byte_size < needed)
    return nnrt_status_make(
        NNRT_STATUS_INVALID_ARGUMENT,
        "%s '%s': byte_size %zu is smaller than the %zu bytes of %s", kind,
        name, tensor->byte_size, needed,
        nnrt_format_type(tensor->dtype, tensor->rank, tensor->dims, type,
                         sizeof(type)));
  if (needed > 0 && !tensor->data)
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                            "%s '%s': data is NULL for %zu bytes", kind, name,
                            needed);
  return NULL;
}
