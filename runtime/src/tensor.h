/*===- tensor.h - Checking caller tensors against descriptors -----*- C -*-===//
 *
 * Part of nncc.
 *
 * Internal helpers shared by model loading (header validation) and running
 * (argument validation). All arithmetic on sizes is overflow-checked.
 *===----------------------------------------------------------------------===*/
#ifndef NNRT_SRC_TENSOR_H
#define NNRT_SRC_TENSOR_H

#include <stdbool.h>

#include "nnrt/nnrt.h"

#ifdef __cplusplus
extern "C" {
#endif

/// Multiplies the element size of `dtype` by every dim. Returns false when a
/// dim is negative or the product does not fit in size_t.
bool nnrt_tensor_byte_size(uint32_t dtype, uint32_t rank, const int64_t *dims,
                           size_t *out_bytes);

/// Checks `tensor` (one of the caller's run arguments) against the model's
/// descriptor `desc`. `kind` is "input" or "output" and, with the
/// descriptor's name, prefixes every message ("input 'x' dim 2: ...").
/// Returns NULL or an INVALID_ARGUMENT status.
nnrt_status_t nnrt_tensor_check(const char *kind,
                                const nnrt_tensor_desc_v1_t *desc,
                                const nnrt_tensor_t *tensor);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NNRT_SRC_TENSOR_H */
