/*===- model.c - Loading and running compiled models --------------*- C -*-===//
 *
 * Part of nncc.
 *
 * nnrt_model_t wraps one dlopen'ed model.so: its validated header, the
 * caller's allocator, the lazily allocated workspace and an optional thread
 * pool. Loading treats the header as untrusted input and checks it fully,
 * so that running only has to compare the caller's tensors with it.
 *===----------------------------------------------------------------------===*/
#define _POSIX_C_SOURCE 200809L

#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>

#include "nnrt/nnrt.h"
#include "runtime/src/allocator.h"
#include "runtime/src/status.h"
#include "runtime/src/tensor.h"
#include "runtime/src/thread_pool.h"

/* Alignment of the workspace handed to generated code. */
#define NNRT_WORKSPACE_ALIGNMENT 64u

/* Bound on the input and output counts a header may claim, so a corrupt
 * header cannot make the loader walk far past its descriptor arrays. */
#define NNRT_MAX_MODEL_TENSORS 65536u

/* Bounds on a profile's kernel and per-kernel node counts, for the same
 * reason. */
#define NNRT_MAX_PROFILE_KERNELS (1u << 20)
#define NNRT_MAX_KERNEL_NODES 65536u

struct nnrt_model {
  nnrt_allocator_t allocator;
  void *library; /* dlopen handle */
  const nnrt_model_header_v1_t *header;
  void *workspace;          /* NULL until the first run needs it */
  void **io_pointers;       /* num_inputs + num_outputs data pointers for run */
  uint32_t num_threads;     /* >= 1 */
  nnrt_thread_pool_t *pool; /* NULL when num_threads == 1 */
};

//===----------------------------------------------------------------------===//
// Loading
//===----------------------------------------------------------------------===//

/* Checks one input/output descriptor of a freshly loaded header. */
static nnrt_status_t nnrt_check_desc(const char *path, const char *kind,
                                     uint32_t index,
                                     const nnrt_tensor_desc_v1_t *desc) {
  if (!desc->name)
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                            "model '%s' is malformed: %s %" PRIu32
                            " has a NULL name",
                            path, kind, index);
  if (nnrt_dtype_size(desc->dtype) == 0)
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                            "model '%s' is malformed: %s '%s' has unknown "
                            "dtype %" PRIu32,
                            path, kind, desc->name, desc->dtype);
  if (desc->rank > NNRT_MAX_RANK)
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                            "model '%s' is malformed: %s '%s' has rank %" PRIu32
                            ", above the limit of %u",
                            path, kind, desc->name, desc->rank,
                            (unsigned)NNRT_MAX_RANK);
  if (desc->rank > 0 && !desc->dims)
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                            "model '%s' is malformed: %s '%s' has rank %" PRIu32
                            " but NULL dims",
                            path, kind, desc->name, desc->rank);
  for (uint32_t i = 0; i < desc->rank; ++i)
    if (desc->dims[i] < -1)
      return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                              "model '%s' is malformed: %s '%s' dim %" PRIu32
                              " is %" PRId64 " (expected >= 0, or -1 for "
                              "dynamic)",
                              path, kind, desc->name, i, desc->dims[i]);
  return NULL;
}

/* The header's profile, or NULL when the model has none (built without
 * --profile, or by a compiler older than the field). */
static const nnrt_model_profile_v1_t *
nnrt_header_profile(const nnrt_model_header_v1_t *header) {
  if (header->struct_size < offsetof(nnrt_model_header_v1_t, profile) +
                                sizeof(header->profile))
    return NULL;
  return header->profile;
}

/* Checks the profile descriptor of a freshly loaded header (NULL: none). */
static nnrt_status_t nnrt_check_profile(const char *path,
                                        const nnrt_model_profile_v1_t *p) {
  if (!p)
    return NULL;
  if (p->struct_size < sizeof(nnrt_model_profile_v1_t))
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                            "model '%s' is malformed: profile of %" PRIu32
                            " bytes, expected at least %zu",
                            path, p->struct_size,
                            sizeof(nnrt_model_profile_v1_t));
  if (p->num_kernels > NNRT_MAX_PROFILE_KERNELS)
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                            "model '%s' is malformed: profile of %" PRIu32
                            " kernels (limit %u)",
                            path, p->num_kernels,
                            (unsigned)NNRT_MAX_PROFILE_KERNELS);
  if (p->num_kernels > 0 && (!p->kernels || !p->counters))
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                            "model '%s' is malformed: profile with NULL "
                            "kernels or counters",
                            path);
  for (uint32_t k = 0; k < p->num_kernels; ++k) {
    const nnrt_kernel_info_v1_t *kernel = &p->kernels[k];
    if (!kernel->name || kernel->num_nodes > NNRT_MAX_KERNEL_NODES ||
        (kernel->num_nodes > 0 && !kernel->nodes))
      return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                              "model '%s' is malformed: profile kernel %" PRIu32
                              " has a NULL name, NULL nodes or too many nodes",
                              path, k);
    for (uint32_t n = 0; n < kernel->num_nodes; ++n)
      if (!kernel->nodes[n])
        return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                                "model '%s' is malformed: profile kernel "
                                "%" PRIu32 " node %" PRIu32 " is NULL",
                                path, k, n);
  }
  return NULL;
}

/* Checks the header's version, size and contents. */
static nnrt_status_t nnrt_check_header(const char *path,
                                       const nnrt_model_header_v1_t *header) {
  if (header->abi_version > NNRT_MODEL_ABI_VERSION || header->abi_version < 1)
    return nnrt_status_make(NNRT_STATUS_INCOMPATIBLE,
                            "model '%s' has ABI version %" PRIu32
                            ", this runtime supports version %u",
                            path, header->abi_version,
                            (unsigned)NNRT_MODEL_ABI_VERSION);
  /* Fields appended later (profile) are optional: older models lack them. */
  if (header->struct_size < NNRT_MODEL_HEADER_V1_MIN_SIZE)
    return nnrt_status_make(
        NNRT_STATUS_INCOMPATIBLE,
        "model '%s' has a header of %" PRIu32 " bytes, expected at least %zu",
        path, header->struct_size, (size_t)NNRT_MODEL_HEADER_V1_MIN_SIZE);
  if (!header->name)
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                            "model '%s' is malformed: NULL model name", path);
  if (!header->producer)
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                            "model '%s' is malformed: NULL producer", path);
  if (!header->run)
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                            "model '%s' is malformed: NULL run function", path);
  if (header->num_inputs > NNRT_MAX_MODEL_TENSORS ||
      header->num_outputs > NNRT_MAX_MODEL_TENSORS)
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                            "model '%s' is malformed: %" PRIu32
                            " inputs and %" PRIu32 " outputs (limit %u)",
                            path, header->num_inputs, header->num_outputs,
                            (unsigned)NNRT_MAX_MODEL_TENSORS);
  if ((header->num_inputs > 0 && !header->inputs) ||
      (header->num_outputs > 0 && !header->outputs))
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                            "model '%s' is malformed: NULL descriptor array",
                            path);
  for (uint32_t i = 0; i < header->num_inputs; ++i) {
    nnrt_status_t status =
        nnrt_check_desc(path, "input", i, &header->inputs[i]);
    if (status)
      return status;
  }
  for (uint32_t i = 0; i < header->num_outputs; ++i) {
    nnrt_status_t status =
        nnrt_check_desc(path, "output", i, &header->outputs[i]);
    if (status)
      return status;
  }
  return nnrt_check_profile(path, nnrt_header_profile(header));
}

/* Opens the library and fetches its validated header. On success the caller
 * owns *out_library. */
static nnrt_status_t
nnrt_open_library(const char *path, const nnrt_allocator_t *allocator,
                  void **out_library,
                  const nnrt_model_header_v1_t **out_header) {
  struct stat info;
  if (stat(path, &info) != 0) {
    const char *reason = errno == EACCES ? "permission denied"
                         : errno == ENOENT || errno == ENOTDIR
                             ? "no such file"
                             : "cannot access the file";
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                            "cannot open model '%s': %s", path, reason);
  }
  if (!S_ISREG(info.st_mode))
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                            "cannot open model '%s': not a regular file", path);

  /* dlopen searches the library path for names without a '/'; a model path
   * always means a file, so anchor it at the current directory. */
  const char *open_path = path;
  char *anchored = NULL;
  if (!strchr(path, '/')) {
    size_t length = strlen(path);
    anchored = (char *)nnrt_allocator_alloc(allocator, length + 3, 1);
    if (!anchored)
      return nnrt_status_make(NNRT_STATUS_RESOURCE_EXHAUSTED,
                              "out of memory loading model '%s'", path);
    memcpy(anchored, "./", 2);
    memcpy(anchored + 2, path, length + 1);
    open_path = anchored;
  }
  dlerror(); /* clear any stale error */
  void *library = dlopen(open_path, RTLD_NOW | RTLD_LOCAL);
  nnrt_allocator_free(allocator, anchored);
  if (!library) {
    const char *reason = dlerror();
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                            "cannot load model '%s': %s", path,
                            reason ? reason : "unknown loader error");
  }

  void *symbol = dlsym(library, NNRT_MODEL_QUERY_SYMBOL);
  if (!symbol) {
    dlclose(library);
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                            "'%s' is not an nncc model: it does not export "
                            "'%s'",
                            path, NNRT_MODEL_QUERY_SYMBOL);
  }

  /* ISO C has no cast from object to function pointers; POSIX guarantees
   * the representations match, so copy the bits. */
  nnrt_model_query_fn_t query;
  _Static_assert(sizeof(query) == sizeof(symbol),
                 "function and object pointers differ in size");
  memcpy(&query, &symbol, sizeof(query));
  const nnrt_model_header_v1_t *header = query(NNRT_MODEL_ABI_VERSION);
  if (!header) {
    /* The model needs a newer ABI. Ask it without a limit only to learn
     * which version, for the message. */
    const nnrt_model_header_v1_t *probe = query(UINT32_MAX);
    nnrt_status_t status =
        probe ? nnrt_status_make(NNRT_STATUS_INCOMPATIBLE,
                                 "model '%s' has ABI version %" PRIu32
                                 ", this runtime supports version %u",
                                 path, probe->abi_version,
                                 (unsigned)NNRT_MODEL_ABI_VERSION)
              : nnrt_status_make(NNRT_STATUS_INCOMPATIBLE,
                                 "model '%s' does not support ABI version %u",
                                 path, (unsigned)NNRT_MODEL_ABI_VERSION);
    dlclose(library);
    return status;
  }
  nnrt_status_t status = nnrt_check_header(path, header);
  if (status) {
    dlclose(library);
    return status;
  }
  *out_library = library;
  *out_header = header;
  return NULL;
}

nnrt_status_t nnrt_model_load(const char *path,
                              const nnrt_allocator_t *allocator,
                              nnrt_model_t **out_model) {
  if (!out_model)
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT, "out_model is NULL");
  *out_model = NULL;
  if (!path)
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT, "path is NULL");
  nnrt_allocator_t resolved = nnrt_allocator_libc();
  if (allocator) {
    if (!allocator->alloc || !allocator->free)
      return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                              "allocator has a NULL alloc or free function");
    resolved = *allocator;
  }

  void *library = NULL;
  const nnrt_model_header_v1_t *header = NULL;
  nnrt_status_t status = nnrt_open_library(path, &resolved, &library, &header);
  if (status)
    return status;

  nnrt_model_t *model = (nnrt_model_t *)nnrt_allocator_alloc(
      &resolved, sizeof(nnrt_model_t), _Alignof(nnrt_model_t));
  size_t num_pointers = (size_t)header->num_inputs + header->num_outputs;
  void **io_pointers = (void **)nnrt_allocator_alloc(
      &resolved, sizeof(void *) * (num_pointers ? num_pointers : 1),
      _Alignof(void *));
  if (!model || !io_pointers) {
    nnrt_allocator_free(&resolved, io_pointers);
    nnrt_allocator_free(&resolved, model);
    dlclose(library);
    return nnrt_status_make(NNRT_STATUS_RESOURCE_EXHAUSTED,
                            "out of memory loading model '%s'", path);
  }
  memset(model, 0, sizeof(*model));
  model->allocator = resolved;
  model->library = library;
  model->header = header;
  model->io_pointers = io_pointers;
  model->num_threads = 1;
  *out_model = model;
  return NULL;
}

void nnrt_model_release(nnrt_model_t *model) {
  if (!model)
    return;
  nnrt_thread_pool_release(model->pool);
  nnrt_allocator_t allocator = model->allocator;
  nnrt_allocator_free(&allocator, model->workspace);
  nnrt_allocator_free(&allocator, model->io_pointers);
  /* Unload last: the header and the pool's tasks live in the library. */
  void *library = model->library;
  nnrt_allocator_free(&allocator, model);
  dlclose(library);
}

//===----------------------------------------------------------------------===//
// Accessors
//===----------------------------------------------------------------------===//

const char *nnrt_model_name(const nnrt_model_t *model) {
  return model ? model->header->name : "";
}

const char *nnrt_model_producer(const nnrt_model_t *model) {
  return model ? model->header->producer : "";
}

size_t nnrt_model_input_count(const nnrt_model_t *model) {
  return model ? model->header->num_inputs : 0;
}

size_t nnrt_model_output_count(const nnrt_model_t *model) {
  return model ? model->header->num_outputs : 0;
}

uint64_t nnrt_model_workspace_size(const nnrt_model_t *model) {
  return model ? model->header->workspace_size : 0;
}

uint32_t nnrt_model_num_threads(const nnrt_model_t *model) {
  return model ? model->num_threads : 0;
}

/* Checks a caller's out-struct (`name`, of C type `type_name`, at least
 * `min_size` bytes; like every nnrt out-struct it starts with its uint32_t
 * struct_size) and clears it, keeping struct_size. */
static nnrt_status_t nnrt_prepare_out_struct(void *out, size_t min_size,
                                             const char *name,
                                             const char *type_name) {
  if (!out)
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT, "%s is NULL", name);
  uint32_t struct_size;
  memcpy(&struct_size, out, sizeof(struct_size));
  if (struct_size < min_size)
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                            "%s->struct_size %" PRIu32
                            " is smaller than sizeof(%s) = %zu",
                            name, struct_size, type_name, min_size);
  memset(out, 0, min_size);
  memcpy(out, &struct_size, sizeof(struct_size));
  return NULL;
}

/* Shared body of nnrt_model_input_desc and nnrt_model_output_desc. */
static nnrt_status_t nnrt_model_desc(const nnrt_model_t *model,
                                     const char *kind, size_t index,
                                     nnrt_tensor_desc_t *out_desc) {
  nnrt_status_t status = nnrt_prepare_out_struct(
      out_desc, sizeof(*out_desc), "out_desc", "nnrt_tensor_desc_t");
  if (status)
    return status;
  if (!model)
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT, "model is NULL");

  bool is_input = kind[0] == 'i';
  uint32_t count =
      is_input ? model->header->num_inputs : model->header->num_outputs;
  if (index >= count)
    return nnrt_status_make(NNRT_STATUS_OUT_OF_RANGE,
                            "%s index %zu is out of range: model '%s' has "
                            "%" PRIu32 " %ss",
                            kind, index, model->header->name, count, kind);
  const nnrt_tensor_desc_v1_t *desc =
      is_input ? &model->header->inputs[index] : &model->header->outputs[index];
  out_desc->name = desc->name;
  out_desc->dtype = desc->dtype;
  out_desc->rank = desc->rank;
  out_desc->dims = desc->dims;
  return NULL;
}

nnrt_status_t nnrt_model_input_desc(const nnrt_model_t *model, size_t index,
                                    nnrt_tensor_desc_t *out_desc) {
  return nnrt_model_desc(model, "input", index, out_desc);
}

nnrt_status_t nnrt_model_output_desc(const nnrt_model_t *model, size_t index,
                                     nnrt_tensor_desc_t *out_desc) {
  return nnrt_model_desc(model, "output", index, out_desc);
}

//===----------------------------------------------------------------------===//
// Threads and running
//===----------------------------------------------------------------------===//

nnrt_status_t nnrt_model_set_num_threads(nnrt_model_t *model, uint32_t n) {
  if (!model)
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT, "model is NULL");
  if (n == 0)
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                            "thread count must be at least 1, got 0");
  if (n > NNRT_MAX_THREADS)
    return nnrt_status_make(NNRT_STATUS_OUT_OF_RANGE,
                            "thread count %" PRIu32 " is above the limit of %u",
                            n, (unsigned)NNRT_MAX_THREADS);
  if (n == model->num_threads)
    return NULL;
  nnrt_thread_pool_release(model->pool);
  model->pool = NULL;
  model->num_threads = 1;
  if (n == 1)
    return NULL;
  nnrt_status_t status =
      nnrt_thread_pool_create(n, &model->allocator, &model->pool);
  if (status)
    return status;
  model->num_threads = n;
  return NULL;
}

/* Checks one side (inputs or outputs) of a run call and records the data
 * pointers in `pointers`. */
static nnrt_status_t nnrt_check_tensors(const char *kind,
                                        const nnrt_tensor_desc_v1_t *descs,
                                        uint32_t expected,
                                        const nnrt_tensor_t *tensors,
                                        size_t count, void **pointers) {
  if (count != expected)
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                            "expected %" PRIu32 " %ss, got %zu", expected, kind,
                            count);
  if (count > 0 && !tensors)
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT,
                            "%ss is NULL for %zu %ss", kind, count, kind);
  for (size_t i = 0; i < count; ++i) {
    nnrt_status_t status = nnrt_tensor_check(kind, &descs[i], &tensors[i]);
    if (status)
      return status;
    pointers[i] = tensors[i].data;
  }
  return NULL;
}

nnrt_status_t nnrt_model_run(nnrt_model_t *model, const nnrt_tensor_t *inputs,
                             size_t num_inputs, const nnrt_tensor_t *outputs,
                             size_t num_outputs) {
  if (!model)
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT, "model is NULL");
  const nnrt_model_header_v1_t *header = model->header;
  void **input_pointers = model->io_pointers;
  void **output_pointers = model->io_pointers + header->num_inputs;
  nnrt_status_t status =
      nnrt_check_tensors("input", header->inputs, header->num_inputs, inputs,
                         num_inputs, input_pointers);
  if (status)
    return status;
  status = nnrt_check_tensors("output", header->outputs, header->num_outputs,
                              outputs, num_outputs, output_pointers);
  if (status)
    return status;

  if (header->workspace_size > 0 && !model->workspace) {
    model->workspace =
        nnrt_allocator_alloc(&model->allocator, (size_t)header->workspace_size,
                             NNRT_WORKSPACE_ALIGNMENT);
    if (!model->workspace)
      return nnrt_status_make(NNRT_STATUS_RESOURCE_EXHAUSTED,
                              "cannot allocate %" PRIu64
                              " bytes of workspace (%u-byte aligned) for "
                              "model '%s'",
                              header->workspace_size,
                              (unsigned)NNRT_WORKSPACE_ALIGNMENT, header->name);
  }

  nnrt_run_env_v1_t env;
  memset(&env, 0, sizeof(env));
  env.struct_size = sizeof(env);
  env.num_threads = model->num_threads;
  env.pool = model->pool;
  env.parallel_for =
      model->pool ? nnrt_thread_pool_parallel_for : nnrt_serial_for;

  int32_t code =
      header->run(&env, input_pointers, output_pointers, model->workspace);
  if (code == NNRT_STATUS_OK)
    return NULL;
  if (code > NNRT_STATUS_OK && code <= NNRT_STATUS_INTERNAL)
    return nnrt_status_make((nnrt_status_code_t)code,
                            "model '%s' failed: %s (status %" PRId32 ")",
                            header->name, nnrt_status_code_name(code), code);
  return nnrt_status_make(NNRT_STATUS_INTERNAL,
                          "model '%s' failed with unknown status %" PRId32,
                          header->name, code);
}

//===----------------------------------------------------------------------===//
// Profiling
//===----------------------------------------------------------------------===//

int nnrt_model_is_profiled(const nnrt_model_t *model) {
  return model && nnrt_header_profile(model->header) ? 1 : 0;
}

size_t nnrt_model_profile_kernel_count(const nnrt_model_t *model) {
  const nnrt_model_profile_v1_t *profile =
      model ? nnrt_header_profile(model->header) : NULL;
  return profile ? profile->num_kernels : 0;
}

nnrt_status_t nnrt_model_profile_kernel(const nnrt_model_t *model,
                                        size_t index,
                                        nnrt_profile_kernel_t *out_kernel) {
  nnrt_status_t status = nnrt_prepare_out_struct(
      out_kernel, sizeof(*out_kernel), "out_kernel", "nnrt_profile_kernel_t");
  if (status)
    return status;
  if (!model)
    return nnrt_status_make(NNRT_STATUS_INVALID_ARGUMENT, "model is NULL");
  const nnrt_model_profile_v1_t *profile = nnrt_header_profile(model->header);
  size_t count = profile ? profile->num_kernels : 0;
  if (index >= count) {
    if (!profile)
      return nnrt_status_make(NNRT_STATUS_OUT_OF_RANGE,
                              "kernel index %zu is out of range: model '%s' "
                              "was not built with --profile",
                              index, model->header->name);
    return nnrt_status_make(NNRT_STATUS_OUT_OF_RANGE,
                            "kernel index %zu is out of range: model '%s' "
                            "has %zu profiled kernels",
                            index, model->header->name, count);
  }
  const nnrt_kernel_info_v1_t *kernel = &profile->kernels[index];
  out_kernel->name = kernel->name;
  out_kernel->num_nodes = kernel->num_nodes;
  out_kernel->nodes = kernel->num_nodes ? kernel->nodes : NULL;
  out_kernel->flops = kernel->flops;
  int64_t ns = __atomic_load_n(&profile->counters[2 * index], __ATOMIC_RELAXED);
  int64_t calls =
      __atomic_load_n(&profile->counters[2 * index + 1], __ATOMIC_RELAXED);
  out_kernel->total_ns = ns > 0 ? (uint64_t)ns : 0;
  out_kernel->calls = calls > 0 ? (uint64_t)calls : 0;
  return NULL;
}

void nnrt_model_profile_reset(nnrt_model_t *model) {
  const nnrt_model_profile_v1_t *profile =
      model ? nnrt_header_profile(model->header) : NULL;
  if (!profile)
    return;
  for (size_t i = 0; i < 2 * (size_t)profile->num_kernels; ++i)
    __atomic_store_n(&profile->counters[i], 0, __ATOMIC_RELAXED);
}
