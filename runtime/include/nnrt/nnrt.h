/*===- nnrt.h - nncc runtime public C API -------------------------*- C -*-===//
 *
 * Part of nncc.
 *
 * The user-facing API of libnnrt: load a compiled model.so, inspect its
 * inputs and outputs, and run it on caller-owned memory. C11, no C++
 * includes, usable from C, C++ and ctypes.
 *
 * Conventions (see STYLE.md section F):
 *  - Errors: functions that can fail return an nnrt_status_t. NULL means OK;
 *    anything else is an owned status object that the caller must pass to
 *    nnrt_status_free(). Messages are lowercase and have no final period.
 *    Nothing is ever printed, nothing aborts, errno is not used.
 *  - Ownership (CoreFoundation rules): nnrt_model_load() returns an owned
 *    handle, released with nnrt_model_release(); accessors return borrowed
 *    pointers that live as long as the model handle.
 *  - Outputs come last, are named out_*, and are cleared on entry. A NULL
 *    pointer argument gives NNRT_STATUS_INVALID_ARGUMENT.
 *  - Public structs start with struct_size so they can grow; callers set it
 *    to sizeof(the struct).
 *  - Threads: different model handles are independent and may be used from
 *    different threads at the same time (also when they were loaded from
 *    the same file). One model handle must not be used from two threads at
 *    once; the const accessors are safe to call concurrently with each
 *    other, but not with nnrt_model_run(), nnrt_model_set_num_threads() or
 *    nnrt_model_release() on the same handle. Concurrent runs on separate
 *    handles give bit-for-bit the results of sequential runs
 *    (test/unit/runtime/concurrency_test.cpp, also run under ThreadSanitizer).
 *===----------------------------------------------------------------------===*/
#ifndef NNRT_NNRT_H
#define NNRT_NNRT_H

#include <stddef.h>
#include <stdint.h>

#include "nnrt/model_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Marks the functions exported from libnnrt.so. */
#if defined(__GNUC__)
#define NNRT_API __attribute__((visibility("default")))
#define NNRT_MUST_USE_RESULT __attribute__((warn_unused_result))
#else
#define NNRT_API
#define NNRT_MUST_USE_RESULT
#endif

/* Largest rank the runtime accepts in a model header or a tensor. */
#define NNRT_MAX_RANK 32u

/* Largest value accepted by nnrt_model_set_num_threads(). */
#define NNRT_MAX_THREADS 256u

/*===----------------------------------------------------------------------===//
 * Status
 *===----------------------------------------------------------------------===*/

/* An error: NULL means OK, anything else is owned by the receiver and must be
 * freed with nnrt_status_free(). Codes are nnrt_status_code_t (model_abi.h). */
typedef struct nnrt_status *nnrt_status_t;

/// Returns the code of `status`: NNRT_STATUS_OK for NULL, otherwise one of
/// the other nnrt_status_code_t values. Does not take ownership.
/// Thread-safety: safe on any status the caller is not freeing concurrently.
NNRT_API nnrt_status_code_t nnrt_status_code(nnrt_status_t status);

/// Returns the message of `status` ("ok" for NULL). The string is borrowed:
/// it lives until nnrt_status_free(status). It is lowercase, has no final
/// period and names the place, e.g. "input 'x' dim 2: expected 224, got 112".
NNRT_API const char *nnrt_status_message(nnrt_status_t status);

/// Frees `status`. nnrt_status_free(NULL) is a no-op. After the call the
/// status and its message must not be used.
NNRT_API void nnrt_status_free(nnrt_status_t status);

/*===----------------------------------------------------------------------===//
 * Element types
 *===----------------------------------------------------------------------===*/

/// Returns a short static name for an nnrt_dtype_t value ("f32", "i64",
/// "bool", ...), or "unknown" for a value this runtime does not know.
/// Thread-safe.
NNRT_API const char *nnrt_dtype_name(uint32_t dtype);

/// Returns the size in bytes of one element of `dtype`, or 0 for
/// NNRT_DTYPE_UNDEFINED and unknown values. Thread-safe.
NNRT_API size_t nnrt_dtype_size(uint32_t dtype);

/*===----------------------------------------------------------------------===//
 * Allocator
 *===----------------------------------------------------------------------===*/

/* Memory source for everything a model handle allocates (the handle itself,
 * the workspace, the thread pool). Passing NULL where an allocator is
 * accepted means libc. `alloc` returns `size` bytes aligned to `alignment`
 * (a power of two) or NULL; `free` releases a pointer `alloc` returned and
 * must accept NULL. Both may be called from any thread that uses the model;
 * `self` must stay valid until the model is released. Status objects are
 * always allocated with libc. */
typedef struct nnrt_allocator_t {
  void *self;
  void *(*alloc)(void *self, size_t size, size_t alignment);
  void (*free)(void *self, void *ptr);
} nnrt_allocator_t;

/*===----------------------------------------------------------------------===//
 * Tensors
 *===----------------------------------------------------------------------===*/

/* Description of one model input or output. Every pointer is borrowed from
 * the model and lives until nnrt_model_release(). dims[i] == -1 marks a
 * dynamic dimension. */
typedef struct nnrt_tensor_desc_t {
  uint32_t struct_size; /* set by the caller to sizeof(nnrt_tensor_desc_t) */
  const char *name;     /* NUL-terminated */
  uint32_t dtype;       /* nnrt_dtype_t */
  uint32_t rank;
  const int64_t *dims; /* rank entries; NULL when rank == 0 */
} nnrt_tensor_desc_t;

/* A dense, row-major tensor in caller memory. The runtime never copies,
 * frees or keeps the memory past the call it is passed to. */
typedef struct nnrt_tensor_t {
  uint32_t struct_size; /* sizeof(nnrt_tensor_t) */
  uint32_t dtype;       /* nnrt_dtype_t */
  uint32_t rank;
  const int64_t *dims; /* rank entries; may be NULL when rank == 0 */
  void *data;          /* may be NULL only when the tensor has 0 bytes */
  size_t byte_size;    /* bytes available at data (may exceed the need) */
} nnrt_tensor_t;

/*===----------------------------------------------------------------------===//
 * Models
 *===----------------------------------------------------------------------===*/

/* A loaded model instance: the shared library, its workspace and its thread
 * pool. Opaque; see the thread-safety rules at the top of this file. */
typedef struct nnrt_model nnrt_model_t;

/// Loads the model.so at `path` and returns an owned handle in *out_model.
///
/// The library is opened with dlopen(RTLD_NOW | RTLD_LOCAL); a path without
/// a '/' is taken relative to the current directory, not searched for.
/// `allocator` may be NULL (libc); it is copied, but its `self` must outlive
/// the model. The new model runs on one thread (the caller's) until
/// nnrt_model_set_num_threads() says otherwise; its workspace is allocated on
/// the first run.
///
/// Errors (*out_model is NULL on error):
///  - INVALID_ARGUMENT: NULL path or out_model; an allocator without alloc
///    or free; the file is missing or not a regular file; it cannot be
///    loaded (not a shared library, missing dependency: the loader's message
///    is included); it does not export nnrt_model_query ("not an nncc
///    model"); its header is malformed (NULL names or run function, rank
///    above NNRT_MAX_RANK, a dim below -1, unknown dtype)
///  - INCOMPATIBLE: the model's ABI version is newer or older than this
///    runtime supports, or its header struct_size is too small
///  - RESOURCE_EXHAUSTED: out of memory, or a workspace larger than memory
///
/// Thread-safety: may be called from any thread, concurrently.
NNRT_API NNRT_MUST_USE_RESULT nnrt_status_t
nnrt_model_load(const char *path, const nnrt_allocator_t *allocator,
                nnrt_model_t **out_model);

/// Releases `model`: stops its worker threads, frees its workspace and
/// unloads the library (once no other handle uses it). NULL is a no-op.
/// Every pointer borrowed from the model becomes invalid. Must not run
/// concurrently with any other use of the same handle. Using `model` after
/// this call is undefined behaviour, as with free(): the runtime cannot tell
/// a stale handle from a live one (AddressSanitizer reports it as
/// heap-use-after-free; test/unit/runtime/use_after_release_test.cpp).
NNRT_API void nnrt_model_release(nnrt_model_t *model);

/// Returns the model (graph) name; borrowed, lives as long as `model`.
/// Returns "" for a NULL model.
NNRT_API const char *nnrt_model_name(const nnrt_model_t *model);

/// Returns the producer string (e.g. "nncc 0.1.0 (git abcdef0)"); borrowed,
/// lives as long as `model`. Returns "" for a NULL model.
NNRT_API const char *nnrt_model_producer(const nnrt_model_t *model);

/// Returns the number of model inputs (0 for a NULL model).
NNRT_API size_t nnrt_model_input_count(const nnrt_model_t *model);

/// Returns the number of model outputs (0 for a NULL model).
NNRT_API size_t nnrt_model_output_count(const nnrt_model_t *model);

/// Describes input `index` in *out_desc. The caller sets
/// out_desc->struct_size to sizeof(nnrt_tensor_desc_t); the other fields are
/// cleared on entry and then filled with pointers borrowed from the model
/// (valid until nnrt_model_release()).
///
/// Errors: INVALID_ARGUMENT for a NULL model or out_desc or a struct_size
/// smaller than sizeof(nnrt_tensor_desc_t); OUT_OF_RANGE when index is not
/// below nnrt_model_input_count().
NNRT_API NNRT_MUST_USE_RESULT nnrt_status_t nnrt_model_input_desc(
    const nnrt_model_t *model, size_t index, nnrt_tensor_desc_t *out_desc);

/// Same as nnrt_model_input_desc() for output `index`.
NNRT_API NNRT_MUST_USE_RESULT nnrt_status_t nnrt_model_output_desc(
    const nnrt_model_t *model, size_t index, nnrt_tensor_desc_t *out_desc);

/// Returns the bytes of scratch memory one run needs (0 for a NULL model).
/// The runtime allocates it itself, once per model handle.
NNRT_API uint64_t nnrt_model_workspace_size(const nnrt_model_t *model);

/// Sets the number of threads later runs use, the caller's thread included.
/// With n > 1 the model owns n - 1 worker threads that sleep on a condition
/// variable between runs (no busy waiting while idle); they are created
/// here, replacing any previous pool, and stopped by nnrt_model_release().
///
/// Errors: INVALID_ARGUMENT for a NULL model or n == 0; OUT_OF_RANGE for n
/// above NNRT_MAX_THREADS; RESOURCE_EXHAUSTED when threads or memory cannot
/// be had (the model then keeps running on one thread).
/// Thread-safety: not concurrently with other uses of the same handle.
NNRT_API NNRT_MUST_USE_RESULT nnrt_status_t
nnrt_model_set_num_threads(nnrt_model_t *model, uint32_t n);

/// Returns the number of threads runs use (1 unless set; 0 for NULL).
NNRT_API uint32_t nnrt_model_num_threads(const nnrt_model_t *model);

/// Runs the model once: reads `inputs`, writes `outputs` (both in model
/// order, describing caller memory that is neither kept nor freed).
///
/// Everything is checked before the model runs: counts, NULL pointers,
/// struct_size, dtype, rank, each dim (a dynamic dim accepts any size >= 0),
/// byte_size against the product of dims (with overflow checks) and data
/// (non-NULL unless the tensor has 0 bytes). Input and output memory must
/// not overlap. The workspace is allocated on the first run (64-byte aligned,
/// through the model's allocator) and reused.
///
/// Errors: INVALID_ARGUMENT for bad arguments, with a message naming the
/// tensor, e.g. "input 'x' dim 2: expected 224, got 112"; RESOURCE_EXHAUSTED
/// when the workspace cannot be allocated; otherwise the code the model
/// itself returned (an unknown code becomes INTERNAL), with a message naming
/// the model. The outputs' contents are unspecified after an error.
/// Thread-safety: one run at a time per handle (see the top of this file).
NNRT_API NNRT_MUST_USE_RESULT nnrt_status_t nnrt_model_run(
    nnrt_model_t *model, const nnrt_tensor_t *inputs, size_t num_inputs,
    const nnrt_tensor_t *outputs, size_t num_outputs);

/*===----------------------------------------------------------------------===//
 * Profiling (models built with `nncc --profile`)
 *===----------------------------------------------------------------------===*/

/* One kernel of a profiled model and its accumulated time. name and nodes
 * are borrowed from the model and live until nnrt_model_release(). */
typedef struct nnrt_profile_kernel_t {
  uint32_t struct_size;     /* set by the caller to sizeof(...) */
  const char *name;         /* op kinds, e.g. "conv2d+relu" */
  size_t num_nodes;         /* entries in nodes (0: no ONNX node, e.g. a
                               copy the compiler added) */
  const char *const *nodes; /* ONNX node names; NULL when num_nodes == 0 */
  uint64_t flops;           /* floating-point ops per run (0: unknown) */
  uint64_t total_ns;        /* time spent in the kernel since the load or
                               the last reset, summed over its calls */
  uint64_t calls;           /* how often it ran in that time */
} nnrt_profile_kernel_t;

/// Returns 1 when `model` was built with `nncc --profile` (it then counts
/// the time of each of its kernels), 0 otherwise or for NULL.
NNRT_API int nnrt_model_is_profiled(const nnrt_model_t *model);

/// Returns the number of kernels a profiled model times (0 for a model
/// built without --profile, or NULL).
NNRT_API size_t nnrt_model_profile_kernel_count(const nnrt_model_t *model);

/// Describes kernel `index` and its counters in *out_kernel. The caller sets
/// out_kernel->struct_size to sizeof(nnrt_profile_kernel_t); the other
/// fields are cleared on entry.
///
/// The counters belong to the loaded model library, not to the handle:
/// handles that loaded the same model.so (dlopen shares it) add to the same
/// counters, also when they run concurrently (the additions are atomic).
///
/// Errors: INVALID_ARGUMENT for a NULL model or out_kernel or a struct_size
/// smaller than sizeof(nnrt_profile_kernel_t); OUT_OF_RANGE when index is
/// not below nnrt_model_profile_kernel_count() (always, for a model built
/// without --profile).
/// Thread-safety: may run concurrently with runs (the counters are read
/// atomically, each on its own).
NNRT_API NNRT_MUST_USE_RESULT nnrt_status_t nnrt_model_profile_kernel(
    const nnrt_model_t *model, size_t index, nnrt_profile_kernel_t *out_kernel);

/// Sets the time and call counters of every kernel to 0, e.g. after a
/// warm-up run. They are shared with other handles of the same model.so
/// (see nnrt_model_profile_kernel()). No-op for NULL or a model built
/// without --profile.
NNRT_API void nnrt_model_profile_reset(nnrt_model_t *model);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NNRT_NNRT_H */
