//===- Passes.td - nncc conversion passes ------------------*- tablegen -*-===//
//
// Part of nncc.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_CONVERSION_PASSES
#define NNCC_CONVERSION_PASSES

include "mlir/Pass/PassBase.td"

def ConvertNNToLinalgPass : Pass<"convert-nn-to-linalg", "func::FuncOp"> {
  let summary = "Lower nn ops to linalg, tensor, arith and math on tensors";
  let description = [{
    Rewrites every `nn` op into destination-style `linalg` ops (named
    convolution/pooling ops, `linalg.generic` for elementwise math,
    reductions and matrix products), `tensor` ops for shape manipulation and
    padding, and `arith`/`math` scalar bodies. Recurrent ops (`nn.lstm`,
    `nn.gru`, `nn.rnn`) become one input-projection contraction and an
    `scf.for` over time per direction. Broadcast operand dimensions of
    size 1 are collapsed away so that every indexing map is a projected
    permutation. Only static shapes are lowered; `nn-verify-lowerable` reports
    anything else beforehand.

    Before:
    ```mlir
    %y = nn.relu %x : tensor<4xf32>
    ```
    After:
    ```mlir
    %e = tensor.empty() : tensor<4xf32>
    %y = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
        ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) {
    ^bb0(%in: f32, %out: f32):
      %c0 = arith.constant 0.0 : f32
      %m = arith.maximumf %in, %c0 : f32
      linalg.yield %m : f32
    } -> tensor<4xf32>
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def NNVerifyLowerablePass : Pass<"nn-verify-lowerable", "ModuleOp"> {
  let summary = "Report every nn op the CPU backend cannot lower yet";
  let description = [{
    The gate in front of `convert-nn-to-linalg`: emits one located error per
    op the backend cannot handle (dynamic dimensions, unsupported element
    types), instead of a late "failed to legalize". The IR is unchanged.

    ```mlir
    // error: 'nn.relu' op dynamic dimensions are not supported by the CPU backend yet
    %y = nn.relu %x : tensor<?x4xf32>
    ```
  }];
}

def NNCCApproximateMathPass : Pass<"nncc-approximate-math"> {
  let summary = "Expand and approximate math ops with polynomials";
  let description = [{
    Rewrites `math.tanh`, `math.erf`, `math.exp`, `math.log`, `math.powf`
    and friends on f32 into arithmetic (polynomial approximations accurate to
    a few ulp), so model.so needs no libm and the code vectorizes.

    ```mlir
    %y = math.tanh %x : f32   // becomes a rational polynomial in %x
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def NNCCExpandStridedCopiesPass : Pass<"nncc-expand-strided-copies"> {
  let summary = "Turn memref.copy between non-contiguous views into loops";
  let description = [{
    `memref.copy` between identity-layout memrefs lowers to `memcpy`; any
    other copy would call the `memrefCopy` function of MLIR's C runner
    library, which model.so does not link. This pass rewrites those copies
    into `linalg.copy`, which later becomes plain loops.

    ```mlir
    memref.copy %a, %sv : memref<1x8xf32> to memref<1x8xf32, strided<[10, 1], offset: 11>>
    // becomes
    linalg.copy ins(%a : memref<1x8xf32>) outs(%sv : memref<1x8xf32, strided<[10, 1], offset: 11>>)
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def NNCCFlattenGlobalsPass : Pass<"nncc-flatten-globals", "ModuleOp"> {
  let summary = "Store multi-dimensional constant globals as 1-D arrays";
  let description = [{
    A rank-N `memref.global` becomes an LLVM global of nested arrays; for
    convolution weights (innermost dim 3) that is millions of tiny LLVM
    constants, which made translating ResNet-50 take minutes and GBs. This
    pass rewrites every initialised global of rank > 1 to rank 1 (same
    bytes: the same resource blob or dense data) and every `memref.get_global`
    of it to a `get_global` of the flat one plus `memref.expand_shape`.

    ```mlir
    memref.global "private" constant @w : memref<8x3x3x3xf32> = dense_resource<w>
    %0 = memref.get_global @w : memref<8x3x3x3xf32>
    // becomes
    memref.global "private" constant @w : memref<216xf32> = dense_resource<w>
    %f = memref.get_global @w : memref<216xf32>
    %0 = memref.expand_shape %f [[0, 1, 2, 3]] output_shape [8, 3, 3, 3] : memref<216xf32> into memref<8x3x3x3xf32>
    ```
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def NNCCInnermostParallelLoopPass
    : Pass<"nncc-innermost-parallel-loop", "func::FuncOp"> {
  let summary = "Order contraction/convolution loops for vectorization";
  let description = [{
    Linalg's loop order puts reductions innermost (matmul: m, n, k; conv:
    ..., c, kh, kw). Without reassociation LLVM cannot vectorize such an
    inner reduction, so the generated code runs at scalar speed. This pass
    generalizes named convolution and pooling ops and interchanges every
    contraction/convolution so that the output's last dimension becomes the
    innermost loop: stores and most loads are then unit-stride and the loop
    vectorizes (matmul: m, k, n; conv: n, f, oh, c, kh, kw, ow). It is a
    stop-gap until tiling and vector codegen (#5) replace it.

    ```mlir
    // iterator_types = ["parallel", "parallel", "reduction"]  (m, n, k)
    // becomes
    // iterator_types = ["parallel", "reduction", "parallel"]  (m, k, n)
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def NNCCOutlineParallelPass : Pass<"nncc-outline-parallel", "ModuleOp"> {
  let summary = "Run parallel loops as tasks on the runtime's thread pool";
  let description = [{
    Runs on memrefs, after bufferization and before `convert-scf-to-cf`.
    Every outermost `scf.forall` (no results) and `scf.parallel` (no
    reductions) with static bounds and a static trip count N > 1 becomes:

    * a private function `@__nncc_task_K(%ctx: !llvm.ptr, %i: i64)` that runs
      iteration %i of the loop (a multi-dimensional loop is linearised,
      outer dimensions first). Its body is the loop body; allocations inside
      stay per task. Nested parallel loops stay in the body and run serially.
    * in the function, a context `llvm.alloca` (in the entry block, so it is
      outside any loop) that receives the values the body captures, and a
      call `nncc_model_parallel_for(N, @__nncc_task_K, ctx)` (from
      libnnrt_model.a), which spreads the N calls over the run's threads.

    Captures: memrefs with a static shape, static strides and offset and the
    default memory space travel as their aligned pointer and are rebuilt with
    `memref.reinterpret_cast`; index, integer and float scalars (up to 64
    bits) travel by value. Constants and `memref.get_global` are cloned into
    the body instead, and so are side-effect-free ops (e.g. a subview with a
    dynamic offset) whose own operands can be captured. A loop with a
    capture that cannot be passed, or with dynamic bounds, is not outlined:
    an `scf.forall` becomes a serial `scf.for` (an `scf.parallel` stays as
    it is); `emit-remarks` reports each decision.

    ```mlir
    scf.forall (%i) in (4) {
      %v = memref.subview %buf[%i, 0] [1, 64] [1, 1] : ...
      ...
    }
    // becomes
    %ctx = llvm.alloca %c1 x !llvm.struct<(ptr)> : (i64) -> !llvm.ptr
    %p = memref.extract_aligned_pointer_as_index %buf : memref<4x64xf32> -> index
    ... llvm.store into %ctx ...
    %fn = func.constant @__nncc_task_0 : (!llvm.ptr, i64) -> ()
    func.call @nncc_model_parallel_for(%c4, %fn, %ctx) : (i64, (!llvm.ptr, i64) -> (), !llvm.ptr) -> ()

    func.func private @__nncc_task_0(%ctx: !llvm.ptr, %i: i64) attributes {nncc.parallel_task} {
      ... llvm.load the pointer, memref.reinterpret_cast it to memref<4x64xf32> ...
      %v = memref.subview %buf2[%i2, 0] [1, 64] [1, 1] : ...
    }
    ```
  }];
  let options = [
    Option<"emitRemarks", "emit-remarks", "bool", /*default=*/"false",
           "Emit a remark for every parallel loop: outlined, or why not">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect",
    "::mlir::LLVM::LLVMDialect", "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect"
  ];
}

def NNCCTileParallelPass : Pass<"nncc-tile-parallel", "func::FuncOp"> {
  let summary = "Split large linalg ops into parallel chunks (scf.forall)";
  let description = [{
    Runs on linalg on tensors, before bufferization. Every linalg op with a
    static iteration space of at least `min-iterations` points (the product
    of all loop extents, reductions included), that is not marked with the
    unit attribute `nncc.tiled` and not already inside an `scf.forall`, is
    tiled along its outermost parallel loop of extent > 1 into an
    `scf.forall` of chunks (`scf::tileUsingSCF`). The loop must index every
    output, so chunks write disjoint slices; reduction loops are never
    split. The tiled op is marked `nncc.tiled`. `nncc-outline-parallel`
    later runs each chunk as a task on the runtime's thread pool.

    Number of chunks: at most `max-chunks`, and at most
    points / (min-iterations / 2) so that every chunk has work. Chunks are
    equal where the extent allows (a divisor of the extent between half the
    chunk count and the chunk count is preferred), else ceil(extent /
    chunks) with a smaller last chunk. If the split loop is the innermost
    one (the loop LLVM vectorizes and streams through memory), chunks keep
    at least 128 elements: ceil(extent / chunks) rounded up to a multiple of
    16 (one AVX-512 vector of f32).

    Defaults: with the pool's workers spinning between the loops of a run, a
    parallel_for costs about 1-3 us; an op of 64K points runs for several us
    even when vectorized, so smaller ops stay serial. Up to 32 chunks keep
    two to eight threads balanced at well under a microsecond per chunk.

    ```mlir
    %r = linalg.generic {iterator_types = ["parallel", "parallel"]}
        ins(%a : tensor<256x1024xf32>) outs(%e : tensor<256x1024xf32>) {...}
    // becomes (256K points: 8 chunks of 32 rows)
    %r = scf.forall (%i) = (0) to (256) step (32) shared_outs(%o = %e) -> (tensor<256x1024xf32>) {
      ... linalg.generic {nncc.tiled} on tensor<32x1024xf32> slices ...
      scf.forall.in_parallel { tensor.parallel_insert_slice ... }
    }
    ```
  }];
  let options = [
    Option<"minIterations", "min-iterations", "int64_t", /*default=*/"65536",
           "Smallest iteration space (product of loop extents) to split">,
    Option<"maxChunks", "max-chunks", "int64_t", /*default=*/"32",
           "Largest number of chunks per op">
  ];
  let dependentDialects = [
    "::mlir::affine::AffineDialect", "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def NNCCFuseElementwisePass : Pass<"nncc-fuse-elementwise", "func::FuncOp"> {
  let summary = "Fuse elementwise producers where no work is repeated";
  let description = [{
    Upstream elementwise fusion with a cost model as its control function: a
    producer is fused into a consumer only if the consumer reads each of the
    producer's elements exactly once (the operand's indexing map is a
    permutation of all loops) and nothing else uses the producer. Fusing, say,
    GELU into the following matmul would recompute it for every output column
    (N times per element); fusing a residual block's add+relu, which the next
    convolution also reads, into the next add would compute it twice.

    ```mlir
    %g = linalg.generic {...["parallel", "parallel"]} ins(%x) { math.erf ... }
    %y = linalg.generic {...["parallel", "parallel", "reduction"]} ins(%g, %w) { mulf, addf }
    // %g stays a separate loop nest; an all-parallel consumer of %g would absorb it.
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def NNCCPadInPlacePass : Pass<"nncc-pad-in-place", "func::FuncOp"> {
  let summary = "Constant pads become border fills around an insert of the source";
  let description = [{
    A `tensor.pad` with a constant value and static shape (a convolution's
    zero padding, a pooling's -inf padding) is rewritten into a padded
    `tensor.empty`, one `linalg.fill` per border (top and bottom rows, left
    and right columns of the padded dims) and a `tensor.insert_slice` of the
    source into the interior. With `eliminate-empty-tensors` before
    bufferization the source's producer then writes straight into the
    interior of the padded buffer: no copy of the activation and no memset
    of the whole padded tensor (MobileNetV2 spent a fifth of its run in
    them).

    ```mlir
    %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] { tensor.yield %zero }
        : tensor<1x56x56x144xf32> to tensor<1x58x58x144xf32>
    // becomes
    %e = tensor.empty() : tensor<1x58x58x144xf32>
    %t = linalg.fill ins(%zero) outs(slice [0, 0, 0, 0] [1, 1, 58, 144] of %e)
    ... (bottom row, left and right columns)
    %p = tensor.insert_slice %x into %filled[0, 1, 1, 0] [1, 56, 56, 144] [1, 1, 1, 1]
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def NNCCPlanArenaPass : Pass<"nncc-plan-arena", "ModuleOp"> {
  let summary = "Place the entry function's temporaries in one static arena";
  let description = [{
    Runs on memrefs, after bufferization and allocation hoisting and before
    deallocations are inserted. In each planned function (`main_graph`
    unless `functions` names others; its body must be one block, and
    nothing in the module may call it), every top-level `memref.alloc` with
    a static shape, identity layout, the default memory space and an
    integer, index or float element type of 8 to 64 bits (or i1) becomes a
    `memref.view` at a fixed byte offset of a new trailing argument
    `memref<SIZExi8>`: the workspace, which the runtime allocates once per
    model instance (`workspace_size` in the model header).

    A buffer is live from the first to the last top-level op that uses it
    or an alias of it. Aliases are followed transitively: every memref
    result of an op that uses an alias (views, casts, `scf.for`/`scf.if`
    results, ...), the memref block arguments of its regions and
    successors, and the memref results of an op whose terminator yields an
    alias. A buffer stays a heap allocation when an alias is returned,
    passed to a call, stored to memory, turned into a raw pointer
    (`extract_aligned_pointer_as_index`, casts, LLVM ops), reallocated,
    used by an op with a result that is neither a memref nor a number or
    vector, or deallocated other than by a `memref.dealloc` of the
    allocation itself (such deallocations are erased). Allocations nested
    in loops or other regions are not planned either.

    Offsets are multiples of 64 bytes (or of the allocation's alignment if
    larger), chosen greedily, largest buffer first, in the smallest gap
    between the buffers already placed whose lifetimes overlap its own;
    buffers whose lifetimes do not overlap may share memory. The function
    gets `nncc.memory_plan = {buffers, bytes_without_reuse,
    heap_allocations, workspace_size}` (i64 each: buffers placed, the sum of
    their sizes, `memref.alloc` ops left in the function, bytes of the
    workspace). A function with nothing to place gets no argument
    (workspace_size = 0). In-place reuse of a dead operand's buffer by an
    elementwise op is decided earlier, by one-shot bufferization on
    tensors; this pass never lets two live buffers overlap.

    ```mlir
    func.func @main_graph(%x: memref<256xf32>, %y: memref<256xf32>) {
      %a = memref.alloc() : memref<256xf32>
      ... writes %a from %x ...
      %b = memref.alloc() : memref<256xf32>
      ... writes %b from %a ...   // last use of %a
      %c = memref.alloc() : memref<256xf32>
      ... writes %c from %b, then %y from %c ...
      return
    }
    // becomes (%a and %c share offset 0)
    func.func @main_graph(%x: memref<256xf32>, %y: memref<256xf32>,
                          %ws: memref<2048xi8>) attributes {nncc.memory_plan = {
        buffers = 3 : i64, bytes_without_reuse = 3072 : i64,
        heap_allocations = 0 : i64, workspace_size = 2048 : i64}} {
      %c0 = arith.constant 0 : index
      %a = memref.view %ws[%c0][] : memref<2048xi8> to memref<256xf32>
      %c1024 = arith.constant 1024 : index
      %b = memref.view %ws[%c1024][] : memref<2048xi8> to memref<256xf32>
      %c = memref.view %ws[%c0][] : memref<2048xi8> to memref<256xf32>
      ...
    }
    ```
  }];
  let options = [
    ListOption<"functions", "functions", "std::string",
               "Functions to plan (default: main_graph, the model's entry; "
               "a named function that does not exist is an error)">,
    Option<"emitRemarks", "emit-remarks", "bool", /*default=*/"false",
           "Emit a remark for every allocation left on the heap, and why">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::memref::MemRefDialect"
  ];
}

def NNCCWinogradConvolutionsPass
    : Pass<"nncc-winograd-convolutions", "func::FuncOp"> {
  let summary = "Run 3x3 stride-1 convolutions as Winograd F(2x2, 3x3)";
  let description = [{
    Rewrites a `linalg.conv_2d_nhwc_hwcf` with a 3x3 kernel, unit strides
    and dilations, batch 1, an output height and width that are even or at
    least 5 (an odd size takes a last row or column of tiles whose second
    output is computed and dropped; the result is a slice), constant f32
    weights and input and output channel counts that are multiples of the
    vector width (and at least `min-channels`) into Winograd's F(2x2, 3x3):
    16 multiplications per 2x2 output block and channel pair instead of 36.

      1. An `scf.forall` over rows of 2x2 output tiles computes the input
         transform V = B^T d B of each 4x4 input block d into a
         16 x 1 x tiles x C tensor (vector code along the channels).
      2. An `scf.forall` over the 16 transformed taps runs
         V[k] x U[k] as a 1x1 `linalg.conv_2d_nhwc_hwcf` over a row of
         tiles; U = G g G^T (16 x 1 x C x F) is computed at compile time.
         `nncc-vectorize-convolutions` register-tiles these like any other
         convolution.
      3. An `scf.forall` over rows of tiles computes the output transform
         A^T M A, adds the convolution's accumulator initialisation (a fill,
         a per-channel bias broadcast, or any init tensor) and writes the
         result. Elementwise consumers of the convolution stay as they are.

    Convolutions that do not qualify are left alone. Rounding differs from
    the direct convolution by a few ulps of the transformed sums.
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "int64_t", "256",
           "Width of the target's vector registers in bits">,
    Option<"minChannels", "min-channels", "int64_t", "32",
           "Fewest input and output channels for the rewrite">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::scf::SCFDialect", "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def NNCCVectorizeConvolutionsPass
    : Pass<"nncc-vectorize-convolutions", "func::FuncOp"> {
  let summary = "Register-tile and vectorize channels-last convolutions";
  let description = [{
    Tiles `linalg.conv_2d_nhwc_hwcf` and `linalg.depthwise_conv_2d_nhwc_hwc`
    (static shapes, f32) to one segment of an output row per iteration
    (OWt pixels x Ft channels, reductions tiled by 1), decomposes each tile
    into a 1-D convolution and vectorizes it into OWt x Ft/V accumulators.
    The tile comes from `nncc.conv_tile = array<i64: OWt, Ft>` on the op when
    present, otherwise from a heuristic for `vector-bits` and
    `num-registers`. Constant weights are packed at compile time as
    F/Ft x KH x KW x C x Ft so that the kernel reads them contiguously; when
    the weights outweigh the input, the channel tiles are the outermost loop
    (one tile's weights stay in cache for every output pixel). Run
    `nncc-hoist-vector-transfers` after bufferization to keep the
    accumulators in registers. With `parallel-chunks`, the outermost loop
    (output rows, or channel tiles) is an `scf.forall` of equal chunks for
    the thread pool.

    ```mlir
    %r = linalg.conv_2d_nhwc_hwcf ins(%x, %w : ...) outs(%init : tensor<1x56x56x64xf32>)
    // becomes scf.for %oh, %ow step OWt, %f step Ft, %kh, %kw, %c with
    // vector.fma on vector<Ftxf32> per output pixel of the tile
    ```
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "int64_t", "256",
           "Width of the target's vector registers in bits">,
    Option<"numRegisters", "num-registers", "int64_t", "16",
           "Number of vector registers of the target">,
    Option<"parallelChunks", "parallel-chunks", "int64_t", "0",
           "Split each kernel's outermost loop into at most this many "
           "scf.forall chunks (0 or 1: no split)">
  ];
  let dependentDialects = [
    "::mlir::affine::AffineDialect",
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::scf::SCFDialect", "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def NNCCHoistVectorTransfersPass
    : Pass<"nncc-hoist-vector-transfers", "func::FuncOp"> {
  let summary = "Hoist accumulator transfers out of reduction loops";
  let description = [{
    On memrefs, after bufferization: loop-invariant code motion, folding of
    subviews into vector transfers, then hoisting of transfer_read /
    transfer_write pairs on loop-invariant addresses out of `scf.for` loops
    (the accumulators of a vectorized kernel then stay in registers),
    lowering of `vector.contract` to outer products (FMAs), and unrolling
    of each innermost loop that carries vector accumulators through FMAs
    (a kernel's reduction) by 4, or 2 when 4 does not divide its static trip
    count, or fully when it has at most 4 steps (LLVM leaves these loops
    rolled: one FMA row per iteration).

    ```mlir
    scf.for %c = ... {
      %acc = vector.transfer_read %out[%i, %j] ...
      %r = vector.fma %a, %b, %acc
      vector.transfer_write %r, %out[%i, %j] ...
    }
    // becomes: read before the loop, iter_args through it, write after it
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect"
  ];
}

def NNCCPrefetchEpiloguePass
    : Pass<"nncc-prefetch-epilogue", "func::FuncOp"> {
  let summary = "Prefetch the next tile's epilogue operands and output";
  let description = [{
    On memrefs, after nncc-hoist-vector-transfers. A vector transfer on a
    whole activation buffer (not a weight global or a stack tile; over 64
    KiB) directly in a tile loop that also contains a reduction loop belongs
    to a kernel's epilogue: the read of a residual (convolution + Add) or
    the write of the output tile. Those lines were last touched layers ago
    and come from L3 or memory, and the kernel stalls on them once per tile.
    At the start of the tile loop's body the pass inserts one
    `memref.prefetch` (read, or write for the output) per row of the vector
    for the tile computed next, so that the reduction hides the latency: the
    next iteration of the tile loop, or of the loop around it when the inner
    loop walks the contiguous innermost dim (whose next lines the hardware
    prefetches itself). On the last iteration the current tile is prefetched
    again; row offsets are clamped to the buffer.

    ```mlir
    scf.for %ow = %c0 to %c54 step %c6 {
      scf.for %f = %c0 to %c256 step %c16 {
        // inserted: memref.prefetch %res[%c0, %oh, min(%ow + 6 + r, 55), %f]
        // (read) and %out[...] (write) for r < 6
        %acc = scf.for %c = ... // reduction
        %r = vector.transfer_read %res[%c0, %oh, %ow, %f] ... : vector<6x16xf32>
        ...
        vector.transfer_write %y, %out[%c0, %oh, %ow, %f] ...
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::memref::MemRefDialect"
  ];
}

def NNCCInstrumentKernelsPass
    : Pass<"nncc-instrument-kernels", "ModuleOp"> {
  let summary = "Time every kernel for nncc --profile";
  let description = [{
    Runs on memrefs, after bufferization and deallocation and before the
    loops are lowered (and before `nncc-outline-parallel`, so a parallel
    kernel is timed as a whole, on the calling thread). A kernel is a
    top-level op of a public function that writes a buffer or contains an
    op that does (a loop nest, a linalg op, a `memref.copy`); allocations,
    views, constants and deallocations are not kernels. Kernel K (numbered
    in program order) becomes

    ```mlir
    %t0 = func.call @nncc_profile_begin() : () -> i64
    <kernel>
    %id = arith.constant K : i64
    func.call @nncc_profile_end(%counters, %id, %t0) : (memref<2Nxi64>, i64, i64) -> ()
    ```

    where `%counters` is a `memref.get_global` (at the function's entry) of
    the new mutable zero-initialised global `@__nncc_profile_counters`
    (2 * N i64: total nanoseconds and calls per kernel), and the two
    functions come from libnnrt_model.a.

    The kernel table is stored as the module attribute
    `nncc.profile_kernels`, one entry per kernel id:
    `{flops, name, nodes}`. `nodes` are the ONNX node names found in the
    locations of the kernel and of the nested ops that do its work
    (arithmetic, writes; not reads or views, which may be located at the
    data's producer), looking through FusedLoc/CallSiteLoc, in program
    order (node_info's `order`). Each node's FLOPs (from
    `nn-annotate-flops`' `nncc.node_info`, which this pass then removes) go
    to one kernel: the one with the most arithmetic ops located at the node
    (so a padding copy gets none). `name` joins the nodes' op kinds
    ("conv2d+relu"), with " (fill)" / " (copy)" for kernels without
    arithmetic that fill or move a node's data (accumulator initialisation,
    padding, layout transposes); a kernel without nodes is named after its
    op ("linalg.generic").
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect",
    "::mlir::memref::MemRefDialect"
  ];
}

#endif // NNCC_CONVERSION_PASSES
