/*===- model_abi.h - nncc model.so <-> runtime ABI (v1) -----------*- C -*-===//
 *
 * Part of nncc.
 *
 * The contract between a compiled model.so and the runtime (libnnrt). It is
 * standalone C11 (only <stdint.h> and <stddef.h>) so that the compiler can
 * emit matching structures and any C program can read a model without the
 * runtime. Every struct is versioned with a _v1 suffix; fields are only ever
 * appended, never reordered, and each struct starts with its own size.
 *
 * A model.so exports exactly one symbol:
 *
 *   const nnrt_model_header_v1_t *nnrt_model_query(uint32_t max_abi_version);
 *
 * It returns NULL when the caller's max_abi_version is older than the
 * model's ABI version; otherwise a pointer to static, immutable data that
 * lives as long as the library stays loaded.
 *===----------------------------------------------------------------------===*/
#ifndef NNRT_MODEL_ABI_H
#define NNRT_MODEL_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The ABI version this header describes. */
#define NNRT_MODEL_ABI_VERSION 1u

/* Name of the single exported query function. */
#define NNRT_MODEL_QUERY_SYMBOL "nnrt_model_query"

/* Element types. The values are ONNX TensorProto.DataType codes, so a model's
 * dtype can be passed through unchanged. Never renumbered. */
typedef enum nnrt_dtype_e {
  NNRT_DTYPE_UNDEFINED = 0,
  NNRT_DTYPE_F32 = 1,
  NNRT_DTYPE_U8 = 2,
  NNRT_DTYPE_I8 = 3,
  NNRT_DTYPE_U16 = 4,
  NNRT_DTYPE_I16 = 5,
  NNRT_DTYPE_I32 = 6,
  NNRT_DTYPE_I64 = 7,
  NNRT_DTYPE_BOOL = 9,
  NNRT_DTYPE_F16 = 10,
  NNRT_DTYPE_F64 = 11,
  NNRT_DTYPE_U32 = 12,
  NNRT_DTYPE_U64 = 13,
  NNRT_DTYPE_BF16 = 16,
} nnrt_dtype_t;

/* Status codes returned by a model's run function (and carried by the
 * runtime's nnrt_status_t). Explicit values, never renumbered. */
typedef enum nnrt_status_code_e {
  NNRT_STATUS_OK = 0,
  NNRT_STATUS_INVALID_ARGUMENT = 1,
  NNRT_STATUS_OUT_OF_RANGE = 2,
  NNRT_STATUS_UNIMPLEMENTED = 3,
  NNRT_STATUS_RESOURCE_EXHAUSTED = 4,
  NNRT_STATUS_INCOMPATIBLE = 5,
  NNRT_STATUS_INTERNAL = 6,
} nnrt_status_code_t;

/* One input or output of the model. dims[i] == -1 marks a dynamic dim. */
typedef struct nnrt_tensor_desc_v1_t {
  const char *name;    /* NUL-terminated, the ONNX graph input/output name */
  uint32_t dtype;      /* nnrt_dtype_t */
  uint32_t rank;       /* number of entries in dims */
  const int64_t *dims; /* rank entries; NULL when rank == 0 */
} nnrt_tensor_desc_v1_t;

/* Work splitting offered by the runtime to generated code.
 * parallel_for(pool, n, fn, ctx) calls fn(ctx, i) once for every i in [0, n),
 * possibly concurrently on up to num_threads threads, and returns when all
 * calls have finished. The caller's thread takes part. */
typedef void (*nnrt_task_fn_v1_t)(void *ctx, int64_t index);
typedef void (*nnrt_parallel_for_fn_v1_t)(void *pool, int64_t n,
                                          nnrt_task_fn_v1_t fn, void *ctx);

/* Per-run environment passed by the runtime to a model's run function. */
typedef struct nnrt_run_env_v1_t {
  uint32_t struct_size; /* sizeof(nnrt_run_env_v1_t) */
  uint32_t num_threads; /* >= 1 */
  void *pool;           /* opaque, passed back to parallel_for */
  nnrt_parallel_for_fn_v1_t parallel_for;
} nnrt_run_env_v1_t;

/* Runs the model once.
 *  env        the run environment (never NULL when called by the runtime)
 *  inputs     num_inputs pointers to dense, row-major input data whose dtype
 *             and dims match the header's descriptors (the runtime checks)
 *  outputs    num_outputs pointers to caller-owned output buffers
 *  workspace  workspace_size bytes, 64-byte aligned, or NULL when the size is 0
 * Returns NNRT_STATUS_OK (0) or another nnrt_status_code_t. */
typedef int32_t (*nnrt_model_run_fn_v1_t)(const nnrt_run_env_v1_t *env,
                                          void *const *inputs,
                                          void *const *outputs,
                                          void *workspace);

/* One kernel of a model built with `nncc --profile`: a loop nest (or copy)
 * of the generated code, timed as a whole. */
typedef struct nnrt_kernel_info_v1_t {
  const char *name;          /* op kinds, e.g. "conv2d+relu"; NUL-terminated */
  uint32_t num_nodes;        /* entries in nodes */
  uint32_t reserved;         /* 0 */
  const char *const *nodes;  /* the ONNX node names whose code the kernel
                                runs, in order; NULL when num_nodes == 0 */
  uint64_t flops;            /* floating-point ops per run, 0 if unknown */
} nnrt_kernel_info_v1_t;

/* Per-kernel profile of a model built with `nncc --profile`.
 * counters[2k] accumulates the nanoseconds kernel k ran (wall time on the
 * thread that runs the model, so a parallel kernel counts once) and
 * counters[2k + 1] its calls. The counters are the model library's own
 * data: every handle that loaded the same model.so shares them. Generated
 * code adds to them with relaxed atomics; readers use atomic loads. */
typedef struct nnrt_model_profile_v1_t {
  uint32_t struct_size; /* sizeof(nnrt_model_profile_v1_t) */
  uint32_t num_kernels;
  const nnrt_kernel_info_v1_t *kernels; /* num_kernels entries */
  int64_t *counters;                    /* 2 * num_kernels entries */
} nnrt_model_profile_v1_t;

typedef struct nnrt_model_header_v1_t {
  uint32_t abi_version; /* NNRT_MODEL_ABI_VERSION the model was built for */
  uint32_t struct_size; /* sizeof(nnrt_model_header_v1_t) */
  const char *name;     /* model (graph) name, NUL-terminated */
  const char *producer; /* e.g. "nncc 0.1.0 (git abcdef0)" */
  uint32_t num_inputs;
  uint32_t num_outputs;
  const nnrt_tensor_desc_v1_t *inputs;
  const nnrt_tensor_desc_v1_t *outputs;
  uint64_t workspace_size; /* bytes of scratch memory the run needs */
  nnrt_model_run_fn_v1_t run;
  /* Appended fields: present when struct_size covers them. */
  const nnrt_model_profile_v1_t *profile; /* NULL unless built --profile */
} nnrt_model_header_v1_t;

/* Size of the header as first released (up to and including `run`); models
 * with a header of at least this size are accepted. */
#define NNRT_MODEL_HEADER_V1_MIN_SIZE                                          \
  (offsetof(nnrt_model_header_v1_t, run) + sizeof(nnrt_model_run_fn_v1_t))

typedef const nnrt_model_header_v1_t *(*nnrt_model_query_fn_t)(
    uint32_t max_abi_version);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NNRT_MODEL_ABI_H */
