//===- Pipelines.cpp - nncc pass pipelines --------------------------------===//
//
// Part of nncc.
//
// Stages (each comment says why the passes are there):
//   1. nn graph level: canonicalize (reshape/transpose folding, constant
//      folding, dead constants such as consumed shape inputs), then check
//      that the backend can lower every op that is left; from -O1 on, run
//      convolution chains channels-last (weights pre-packed by folding) and
//      split expand + depthwise pairs on large maps into row bands that
//      stay in cache.
//   2. nn -> linalg on tensors, then fuse elementwise producers/consumers so
//      that chains of pointwise ops become one loop nest, and order the loops
//      of contractions/convolutions so that LLVM can vectorize them;
//      channels-last convolutions become register-tiled vector kernels
//      (sized for the target's vector registers).
//   3. constant pads written in place (the padded tensor's producer writes
//      its interior); one-shot bufferization over the whole module; results become
//      caller-provided out-params (model.so writes straight into the user's
//      output buffers); the kernels' accumulators are hoisted into registers
//      and their epilogues prefetch the next tile's operands and output;
//      the entry's temporaries are placed in one workspace (static memory
//      plan); the rest are freed by ownership-based deallocation.
//   4. 1-D weight globals (cheap to translate), loops, math approximation
//      (no libm), and the standard conversions to
//      the LLVM dialect with the bare-pointer calling convention (the
//      generated entry takes one pointer per input/output).
//   Profiling (--profile): after the graph passes, nn-annotate-flops
//   records each ONNX node's FLOPs; after stage 3 (when the kernels are
//   final loop nests on buffers, not yet outlined into thread-pool tasks)
//   nncc-instrument-kernels times each kernel. Without it the pipeline is
//   unchanged.
//   Multi-threading (-O1 and up): large linalg ops are split into
//   scf.forall chunks on tensors (stage 2) and the chunks become tasks of the
//   runtime's thread pool just before the loops are lowered (stage 4).
//
//===----------------------------------------------------------------------===//

#include "compiler/Pipelines/Pipelines.h"

#include "mlir/Pass/PassRegistry.h"

using namespace mlir;
using namespace mlir::nncc;

static LogicalResult addPipeline(OpPassManager &pm, StringRef text,
                                 std::string *errorMessage) {
  std::string err;
  llvm::raw_string_ostream os(err);
  if (failed(parsePassPipeline(text, pm, os))) {
    if (errorMessage)
      *errorMessage = "internal pipeline '" + text.str() + "': " + err;
    return failure();
  }
  return success();
}

LogicalResult mlir::nncc::buildNNCCPipeline(OpPassManager &pm,
                                            const PipelineOptions &options,
                                            PipelineStage stopAfter,
                                            std::string *errorMessage) {
  // 1. Graph level.
  std::string graph = "canonicalize,cse,nn-verify-lowerable";
  if (options.optLevel >= 1)
    graph += ",func.func(nn-fold-into-conv),canonicalize,cse,"
             "func.func(nn-convert-layout),canonicalize,cse,"
             "func.func(nn-band-depthwise),canonicalize,cse";
  // Counted on the final graph: folded nodes (BatchNorm into Conv, constant
  // subgraphs) cost nothing at run time.
  if (options.profile)
    graph += ",nn-annotate-flops";
  if (failed(addPipeline(pm, graph, errorMessage)))
    return failure();
  if (stopAfter == PipelineStage::NN)
    return success();

  // 2. nn -> linalg on tensors.
  std::string linalg = "func.func(convert-nn-to-linalg),canonicalize,cse";
  if (options.optLevel >= 1)
    linalg += ",func.func(nncc-fuse-elementwise),canonicalize,cse," +
              (options.winograd
                   ? "func.func(nncc-winograd-convolutions{vector-bits=" +
                         std::to_string(options.vectorBits) + "}),"
                   : std::string()) +
              "func.func(nncc-vectorize-convolutions{vector-bits=" +
              std::to_string(options.vectorBits) +
              " num-registers=" + std::to_string(options.vectorRegisters) +
              " parallel-chunks=64}),canonicalize,cse,"
              "func.func(nncc-innermost-parallel-loop)";
  // Multi-threading (#5): split each large linalg op into an scf.forall of
  // output chunks; stage 4 turns the chunks into thread-pool tasks. After the
  // loop interchange, so the chunks keep the vectorizable inner order. (The
  // convolution kernels split themselves: parallel-chunks above.)
  if (options.optLevel >= 1)
    linalg += ",func.func(nncc-tile-parallel),canonicalize,cse";
  if (failed(addPipeline(pm, linalg, errorMessage)))
    return failure();
  if (stopAfter == PipelineStage::Linalg)
    return success();

  // 3. Bufferization and deallocation.
  // Kernel tiles allocated inside loops (a fused convolution's accumulator
  // tile) move out of the loops and onto the stack: no malloc per tile.
  std::string hoist =
      options.optLevel >= 1
          ? "func.func(buffer-loop-hoisting),"
            "func.func(promote-buffers-to-stack{max-alloc-size-in-bytes=16384}),"
            "func.func(nncc-hoist-vector-transfers),"
            "func.func(nncc-prefetch-epilogue),"
          : "";
  // The entry's temporaries become views of one workspace (static memory
  // plan, liveness-based reuse), after hoisting so that buffers hoisted out
  // of loops are planned too, and before deallocation so that no frees of
  // them are inserted. At every -O level: it is cheap (a walk over each
  // buffer's uses and a greedy placement of a few hundred buffers), it
  // changes no kernel, and an -O0 model (the one being debugged) then runs
  // with the same memory scheme as an optimized one: one workspace instead
  // of a heap allocation per temporary.
  std::string planArena = "nncc-plan-arena,";
  // Constant pads become border fills around an insert of the source, and
  // the source's producer then writes into the padded buffer's interior
  // (eliminate-empty-tensors): no activation copy, no whole-buffer memset.
  std::string padInPlace =
      options.optLevel >= 1
          ? "func.func(nncc-pad-in-place),canonicalize,eliminate-empty-tensors,"
          : "";
  if (failed(addPipeline(
          pm,
          padInPlace +
          "one-shot-bufferize{bufferize-function-boundaries=1 "
          "function-boundary-type-conversion=identity-layout-map},"
          "buffer-results-to-out-params{hoist-static-allocs=1 "
          "modify-public-functions=1},"
          "canonicalize,cse," +
              hoist + planArena +
              "func.func(ownership-based-buffer-deallocation),canonicalize,"
          "buffer-deallocation-simplification,bufferization-lower-deallocations,"
          "cse,canonicalize,convert-bufferization-to-memref",
          errorMessage)))
    return failure();
  if (options.profile &&
      failed(addPipeline(pm, "nncc-instrument-kernels", errorMessage)))
    return failure();

  // 4. Loops and LLVM dialect.
  // Multi-threading (#5): outermost parallel loops become tasks run through
  // nncc_model_parallel_for (the runtime's pool; the thread count is a run
  // option). Whatever stays an scf.forall (nested in a task, or -O0) runs
  // serially as scf.for.
  std::string parallelLoops = options.optLevel >= 1
                                  ? "nncc-outline-parallel,scf-forall-to-for,"
                                  : "scf-forall-to-for,";
  return addPipeline(
      pm,
      "nncc-flatten-globals,"
      "nncc-expand-strided-copies,func.func(convert-linalg-to-loops),"
      "math-extend-to-supported-types,nncc-approximate-math,"
      "convert-vector-to-scf{full-unroll=1},"
      "lower-affine," + parallelLoops +
      "convert-scf-to-cf,canonicalize,expand-strided-metadata,"
      "lower-affine,convert-vector-to-llvm,"
      "finalize-memref-to-llvm{use-generic-functions=1},"
      "convert-math-to-llvm,convert-arith-to-llvm,convert-index-to-llvm,"
      "convert-func-to-llvm{use-bare-ptr-memref-call-conv=1},"
      "convert-cf-to-llvm,convert-ub-to-llvm,reconcile-unrealized-casts,"
      "canonicalize",
      errorMessage);
}

void mlir::nncc::registerNNCCPipelines() {
  PassPipelineRegistration<PipelineOptions>(
      "nncc-pipeline",
      "The whole nncc CPU pipeline from nn IR to the LLVM dialect",
      [](OpPassManager &pm, const PipelineOptions &options) {
        (void)buildNNCCPipeline(pm, options, PipelineStage::LLVM);
      });
  PassPipelineRegistration<PipelineOptions>(
      "nncc-to-linalg", "nncc's pipeline from nn IR to linalg on tensors",
      [](OpPassManager &pm, const PipelineOptions &options) {
        (void)buildNNCCPipeline(pm, options, PipelineStage::Linalg);
      });
}
