//===- NNOps.td - NN dialect operations --------------------*- tablegen -*-===//
//
// Part of nncc.
//
// The `nn` dialect holds neural-network operations at the level where fusion
// and tiling decisions are made. ONNX quirks (opset differences, auto_pad,
// negative axes, optional inputs) are resolved by the importer, so every op
// here has one canonical form. All tensors are ranked; a dimension may be
// dynamic (`?`). Every op's result shape comes from one shape function in
// NNShapes.cpp, shared by the verifier, the importer and the lowering.
//
//===----------------------------------------------------------------------===//

#ifndef NN_OPS
#define NN_OPS

include "mlir/IR/OpBase.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

//===----------------------------------------------------------------------===//
// Dialect
//===----------------------------------------------------------------------===//

def NN_Dialect : Dialect {
  let name = "nn";
  let cppNamespace = "::mlir::nncc::nn";
  let summary = "Neural-network operations on ranked tensors";
  let description = [{
    Operations of deployed neural networks (convolutions, matrix products,
    pooling, normalisation, elementwise math and shape manipulation) on ranked
    tensors with static or dynamic dimensions. Data layout is NCHW for
    activations and OIHW (FCHW) for convolution weights.
  }];
  let hasConstantMaterializer = 1;
}

class NN_Op<string mnemonic, list<Trait> traits = []>
    : Op<NN_Dialect, mnemonic, traits>;

def NN_FloatTensor : RankedTensorOf<[AnyFloat]>;
def NN_Tensor : RankedTensorOf<[AnyType]>;

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

def NN_ConstantOp : NN_Op<"constant",
    [ConstantLike, Pure, AllTypesMatch<["value", "output"]>]> {
  let summary = "Tensor constant (weights, folded values)";
  let description = [{
    A constant tensor. Weights imported from a model are held as
    `dense_resource` blobs so that the IR never copies them.

    ```mlir
    %w = nn.constant dense_resource<conv1.weight> : tensor<8x1x3x3xf32>
    %z = nn.constant dense<0.0> : tensor<4xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise unary operations
//===----------------------------------------------------------------------===//

class NN_UnaryOp<string mnemonic, string formula>
    : NN_Op<mnemonic, [Pure, SameOperandsAndResultType]> {
  let summary = "Elementwise " # mnemonic;
  let description = "Elementwise `y = " # formula # "` on a floating-point "
                    # "tensor; the result has the operand's type.\n\n"
                    # "```mlir\n%y = nn." # mnemonic
                    # " %x : tensor<1x8xf32>\n```";
  let arguments = (ins NN_FloatTensor:$input);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
}

def NN_AbsOp : NN_UnaryOp<"abs", "|x|">;
def NN_CeilOp : NN_UnaryOp<"ceil", "ceil(x)">;
def NN_ErfOp : NN_UnaryOp<"erf", "erf(x)">;
def NN_ExpOp : NN_UnaryOp<"exp", "exp(x)">;
def NN_FloorOp : NN_UnaryOp<"floor", "floor(x)">;
def NN_LogOp : NN_UnaryOp<"log", "log(x)">;
def NN_NegOp : NN_UnaryOp<"neg", "-x">;
def NN_ReciprocalOp : NN_UnaryOp<"reciprocal", "1 / x">;
def NN_ReluOp : NN_UnaryOp<"relu", "max(x, 0)">;
def NN_SigmoidOp : NN_UnaryOp<"sigmoid", "1 / (1 + exp(-x))">;
def NN_SqrtOp : NN_UnaryOp<"sqrt", "sqrt(x)">;
def NN_TanhOp : NN_UnaryOp<"tanh", "tanh(x)">;

//===----------------------------------------------------------------------===//
// Elementwise binary operations (numpy broadcasting)
//===----------------------------------------------------------------------===//

class NN_BinaryOp<string mnemonic, string formula>
    : NN_Op<mnemonic, [Pure]> {
  let summary = "Elementwise " # mnemonic # " with broadcasting";
  let description = "Elementwise `z = " # formula # "` with numpy-style "
      # "(multidirectional) broadcasting: shapes are aligned on the right and "
      # "a dimension of size 1 stretches to the other operand's size. Operands "
      # "and result share one element type; the result shape is the broadcast "
      # "shape.\n\n```mlir\n%z = nn." # mnemonic # " %x, %y : tensor<2x3xf32>, "
      # "tensor<3xf32> -> tensor<2x3xf32>\n```";
  let arguments = (ins NN_Tensor:$lhs, NN_Tensor:$rhs);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NN_AddOp : NN_BinaryOp<"add", "x + y">;
def NN_DivOp : NN_BinaryOp<"div", "x / y">;
def NN_MaxOp : NN_BinaryOp<"max", "max(x, y)">;
def NN_MinOp : NN_BinaryOp<"min", "min(x, y)">;
def NN_MulOp : NN_BinaryOp<"mul", "x * y">;
def NN_PowOp : NN_BinaryOp<"pow", "x ^ y"> {
  let hasCanonicalizer = 1;
}
def NN_SubOp : NN_BinaryOp<"sub", "x - y">;

//===----------------------------------------------------------------------===//
// Comparisons and selection
//===----------------------------------------------------------------------===//

class NN_CompareOp<string mnemonic, string formula>
    : NN_Op<mnemonic, [Pure]> {
  let summary = "Elementwise comparison " # formula # " with broadcasting";
  let description = "Elementwise `z = " # formula # "` (a tensor of i1) with "
      # "numpy broadcasting; both operands share one element type (signed "
      # "or unsigned integers compare accordingly).\n\n```mlir\n%z = nn."
      # mnemonic # " %x, %y : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xi1>\n```";
  let arguments = (ins NN_Tensor:$lhs, NN_Tensor:$rhs);
  let results = (outs RankedTensorOf<[I1]>:$output);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NN_EqualOp : NN_CompareOp<"equal", "x == y">;
def NN_GreaterEqualOp : NN_CompareOp<"greater_equal", "x >= y">;
def NN_GreaterOp : NN_CompareOp<"greater", "x > y">;
def NN_LessEqualOp : NN_CompareOp<"less_equal", "x <= y">;
def NN_LessOp : NN_CompareOp<"less", "x < y">;

class NN_LogicalOp<string mnemonic, string formula>
    : NN_Op<mnemonic, [Pure]> {
  let summary = "Elementwise logical " # mnemonic # " with broadcasting";
  let description = "Elementwise `z = " # formula # "` on i1 tensors with "
      # "numpy broadcasting.\n\n```mlir\n%z = nn." # mnemonic
      # " %x, %y : tensor<4xi1>, tensor<4xi1> -> tensor<4xi1>\n```";
  let arguments = (ins RankedTensorOf<[I1]>:$lhs, RankedTensorOf<[I1]>:$rhs);
  let results = (outs RankedTensorOf<[I1]>:$output);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($output)";
  let hasVerifier = 1;
}

def NN_AndOp : NN_LogicalOp<"and", "x && y">;
def NN_OrOp : NN_LogicalOp<"or", "x || y">;
def NN_XorOp : NN_LogicalOp<"xor", "x != y">;

def NN_NotOp : NN_Op<"not", [Pure, SameOperandsAndResultType]> {
  let summary = "Elementwise logical not";
  let description = [{
    ```mlir
    %y = nn.not %x : tensor<4xi1>
    ```
  }];
  let arguments = (ins RankedTensorOf<[I1]>:$input);
  let results = (outs RankedTensorOf<[I1]>:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
}

def NN_WhereOp : NN_Op<"where", [Pure]> {
  let summary = "Elementwise select with broadcasting";
  let description = [{
    `z = cond ? x : y` elementwise; the three operands broadcast (numpy
    rules) to the result shape.

    ```mlir
    %z = nn.where %c, %x, %y : (tensor<4x4xi1>, tensor<f32>, tensor<1x4x4xf32>) -> tensor<1x4x4xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[I1]>:$condition, NN_Tensor:$x,
                       NN_Tensor:$y);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Convolution and matrix products
//===----------------------------------------------------------------------===//

def NN_Conv2DOp : NN_Op<"conv2d", [Pure]> {
  let summary = "2-D convolution (NCHW input, FCHW weights), with groups";
  let description = [{
    With the unit attribute `channels_last` the operands are laid out
    channels-last instead: input N x H x W x C, weight KH x KW x C/G x F,
    output N x OH x OW x F (the layout `nn-convert-layout` chooses for CPU
    kernels); the formula is the same up to that permutation of dimensions.

    `output[n, f, oh, ow] = bias[f] + sum_{c, kh, kw} input_padded[n, g*C/G + c,
    oh*sh + kh*dh, ow*sw + kw*dw] * weight[f, c, kh, kw]` where `g = f / (F/G)`.

    - `input`: N x C x H x W; `weight`: F x C/G x KH x KW; `bias`: F (optional).
    - `strides` = [sh, sw], `dilations` = [dh, dw], both >= 1.
    - `pads` = [top, left, bottom, right] (ONNX order: begins then ends), >= 0;
      padding value 0.
    - `group` = G divides both C and F.
    - Output: N x F x OH x OW with
      `OH = (H + top + bottom - dh*(KH-1) - 1) / sh + 1` (rounded down).

    ```mlir
    %y = nn.conv2d %x, %w, %b {strides = array<i64: 1, 1>,
        dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, group = 1 : i64}
        : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$weight,
                       Optional<NN_FloatTensor>:$bias,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
                       DenseI64ArrayAttr:$pads, I64Attr:$group,
                       UnitAttr:$channels_last);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def NN_GemmOp : NN_Op<"gemm", [Pure]> {
  let summary = "General matrix multiply: alpha * op(A) * op(B) + beta * C";
  let description = [{
    `Y = alpha * A' * B' + beta * C` where `A' = trans_a ? A^T : A` (M x K),
    `B' = trans_b ? B^T : B` (K x N), and the optional `C` broadcasts
    (numpy rules) to M x N.

    ```mlir
    %y = nn.gemm %a, %b, %c {alpha = 1.0 : f32, beta = 1.0 : f32,
        trans_a = false, trans_b = true}
        : (tensor<1x64xf32>, tensor<10x64xf32>, tensor<10xf32>) -> tensor<1x10xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$a, NN_FloatTensor:$b,
                       Optional<NN_FloatTensor>:$c, F32Attr:$alpha,
                       F32Attr:$beta, BoolAttr:$trans_a, BoolAttr:$trans_b);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = [{
    $a `,` $b (`,` $c^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

def NN_MatMulOp : NN_Op<"matmul", [Pure]> {
  let summary = "Matrix product with numpy semantics (batched, broadcast)";
  let description = [{
    Like `numpy.matmul`: operands of rank >= 2 are stacks of matrices whose
    batch dimensions broadcast; a rank-1 lhs is promoted to 1 x K and a rank-1
    rhs to K x 1, and the promoted dimension is removed from the result.

    ```mlir
    %y = nn.matmul %a, %b : tensor<2x3x4xf32>, tensor<4x5xf32> -> tensor<2x3x5xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$lhs, NN_FloatTensor:$rhs);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($output)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

def NN_AvgPool2DOp : NN_Op<"avg_pool2d", [Pure]> {
  let summary = "2-D average pooling over an NCHW tensor";
  let description = [{
    With `channels_last` the input and result are N x H x W x C.

    Average over `kernel_shape` = [KH, KW] windows moved by `strides`, with
    `pads` = [top, left, bottom, right]. With `count_include_pad` the divisor
    is the window size clipped to the explicitly padded input; otherwise only
    the input elements are counted. With `ceil_mode` the output size rounds up
    (windows that start inside the padded input are kept); the extra region
    is never counted. `OH = (H + top + bottom - KH) / sh + 1`.

    ```mlir
    %y = nn.avg_pool2d %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>,
        pads = array<i64: 0, 0, 0, 0>, ceil_mode = false, count_include_pad = false}
        : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, DenseI64ArrayAttr:$kernel_shape,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       BoolAttr:$ceil_mode, BoolAttr:$count_include_pad,
                       UnitAttr:$channels_last);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_GlobalAvgPoolOp : NN_Op<"global_avg_pool", [Pure]> {
  let summary = "Average over all spatial dimensions (N x C x ... -> N x C x 1 ...)";
  let description = [{
    ```mlir
    %y = nn.global_avg_pool %x : (tensor<1x8x7x7xf32>) -> tensor<1x8x1x1xf32>
    ```
    With `channels_last` (rank 4 only) the input is N x H x W x C and the
    result N x 1 x 1 x C.
  }];
  let arguments = (ins NN_FloatTensor:$input, UnitAttr:$channels_last);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_GlobalMaxPoolOp : NN_Op<"global_max_pool", [Pure]> {
  let summary = "Maximum over all spatial dimensions (N x C x ... -> N x C x 1 ...)";
  let description = [{
    ```mlir
    %y = nn.global_max_pool %x : (tensor<1x8x7x7xf32>) -> tensor<1x8x1x1xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_MaxPool2DOp : NN_Op<"max_pool2d", [Pure]> {
  let summary = "2-D max pooling over an NCHW tensor";
  let description = [{
    With `channels_last` the input and result are N x H x W x C.

    Maximum over `kernel_shape` = [KH, KW] windows with `strides`,
    `dilations` and `pads` = [top, left, bottom, right]; padded positions never
    win. `OH = (H + top + bottom - dh*(KH-1) - 1) / sh + 1`, rounded up with
    `ceil_mode` (a window must start inside the input or the top/left pad).

    ```mlir
    %y = nn.max_pool2d %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>,
        pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false}
        : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, DenseI64ArrayAttr:$kernel_shape,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations, BoolAttr:$ceil_mode,
                       UnitAttr:$channels_last);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Normalisation and softmax
//===----------------------------------------------------------------------===//

def NN_BatchNormOp : NN_Op<"batch_norm", [Pure]> {
  let summary = "Batch normalisation in inference mode (channel axis 1)";
  let description = [{
    `y = (x - mean[c]) / sqrt(var[c] + epsilon) * scale[c] + bias[c]` where
    `c` indexes dimension 1 of `input` (N x C x ...); the four parameter
    tensors are rank-1 of size C. The result has the input's type.

    ```mlir
    %y = nn.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-05 : f32}
        : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>,
           tensor<4xf32>) -> tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$scale,
                       NN_FloatTensor:$bias, NN_FloatTensor:$mean,
                       NN_FloatTensor:$variance, F32Attr:$epsilon);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_LayerNormOp : NN_Op<"layer_norm", [Pure]> {
  let summary = "Layer normalisation over the trailing dimensions";
  let description = [{
    Normalises over dims [axis, rank): `y = (x - mean) / sqrt(var + epsilon)
    * scale + bias`, with the (biased) mean and variance over those dims;
    `scale` and the optional `bias` broadcast to x.shape[axis:] (numpy
    rules). The result has the input's type.

    ```mlir
    %y = nn.layer_norm %x, %g, %b {axis = 2 : i64, epsilon = 1.0e-05 : f32}
        : (tensor<1x128x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<1x128x768xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$scale,
                       Optional<NN_FloatTensor>:$bias, I64Attr:$axis,
                       F32Attr:$epsilon);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_SoftmaxOp : NN_Op<"softmax", [Pure, SameOperandsAndResultType]> {
  let summary = "Softmax along one axis";
  let description = [{
    `y = exp(x - max_axis(x)) / sum_axis(exp(x - max_axis(x)))` along the
    single dimension `axis` (0 <= axis < rank; the importer normalises
    negative axes and rewrites opset < 13's flattening semantics).

    ```mlir
    %y = nn.softmax %x {axis = 1 : i64} : tensor<1x10xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, I64Attr:$axis);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Recurrent networks (LSTM, GRU, RNN)
//===----------------------------------------------------------------------===//

def NN_RNNDirectionAttr : ConfinedAttr<StrAttr, [AttrConstraint<
    CPred<"::llvm::is_contained({\"forward\", \"reverse\", \"bidirectional\"}, "
          "::llvm::cast<::mlir::StringAttr>($_self).getValue())">,
    "one of \"forward\", \"reverse\", \"bidirectional\"">]>;

class NN_RecurrentOp<string mnemonic> : NN_Op<mnemonic,
    [Pure, AttrSizedOperandSegments]> {
  let extraClassDeclaration = [{
    /// 1 for "forward" and "reverse", 2 for "bidirectional".
    int64_t getNumDirections() {
      return getDirection() == "bidirectional" ? 2 : 1;
    }
  }];
  let hasVerifier = 1;
}

def NN_GRUOp : NN_RecurrentOp<"gru"> {
  let summary = "Gated recurrent unit over a whole sequence (ONNX GRU, layout 0)";
  let description = [{
    Runs a GRU over `x` (seq x batch x input) in each direction, with the
    activations fixed to sigmoid (`f`) and tanh (`g`). `D` is the number of
    directions (2 for `"bidirectional"`, else 1), `H` = `hidden_size`; the
    three gates are stacked in the order z (update), r (reset), h (hidden):

    - `w`: D x 3H x input = [Wz; Wr; Wh] per direction;
    - `r`: D x 3H x H = [Rz; Rr; Rh];
    - `b` (optional, zeros if absent): D x 6H = [Wbz, Wbr, Wbh, Rbz, Rbr, Rbh];
    - `initial_h` (optional, zeros if absent): D x batch x H.

    For each time step t (t = 0 .. seq-1 forward; seq-1 .. 0 in reverse;
    direction 0 of `"bidirectional"` is forward, direction 1 reverse):
    ```
    z = f(x_t Wz^T + h Rz^T + Wbz + Rbz)
    r = f(x_t Wr^T + h Rr^T + Wbr + Rbr)
    n = g(x_t Wh^T + (r * h) Rh^T + Rbh + Wbh)           linear_before_reset = false
    n = g(x_t Wh^T + r * (h Rh^T + Rbh) + Wbh)           linear_before_reset = true
    h = (1 - z) * n + z * h
    ```
    Results: `y` (seq x D x batch x H, the h of every step, stored at the
    step's own position t), `y_h` (D x batch x H, the last h of each
    direction). ONNX's `layout = 1`, `sequence_lens` equal to seq, and
    unused outputs are resolved by the importer; clip and other activations
    are not supported.

    ```mlir
    %y, %y_h = nn.gru %x, %w, %r bias(%b) initial_h(%h0)
        {direction = "forward", hidden_size = 5 : i64, linear_before_reset = true}
        : (tensor<7x1x3xf32>, tensor<1x15x3xf32>, tensor<1x15x5xf32>,
           tensor<1x30xf32>, tensor<1x1x5xf32>)
        -> (tensor<7x1x1x5xf32>, tensor<1x1x5xf32>)
    ```
  }];
  let arguments = (ins NN_FloatTensor:$x, NN_FloatTensor:$w, NN_FloatTensor:$r,
                       Optional<NN_FloatTensor>:$b,
                       Optional<NN_FloatTensor>:$initial_h,
                       NN_RNNDirectionAttr:$direction, I64Attr:$hidden_size,
                       BoolAttr:$linear_before_reset);
  let results = (outs NN_FloatTensor:$y, NN_FloatTensor:$y_h);
  let assemblyFormat = [{
    $x `,` $w `,` $r (`bias` `(` $b^ `)`)? (`initial_h` `(` $initial_h^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
}

def NN_LSTMOp : NN_RecurrentOp<"lstm"> {
  let summary = "Long short-term memory over a whole sequence (ONNX LSTM, layout 0)";
  let description = [{
    Runs an LSTM over `x` (seq x batch x input) in each direction, with the
    activations fixed to sigmoid (`f`) and tanh (`g`, `h`) and no input
    forget coupling. `D` is the number of directions (2 for
    `"bidirectional"`, else 1), `H` = `hidden_size`; the four gates are
    stacked in ONNX order i (input), o (output), f (forget), c (cell):

    - `w`: D x 4H x input = [Wi; Wo; Wf; Wc] per direction;
    - `r`: D x 4H x H = [Ri; Ro; Rf; Rc];
    - `b` (optional, zeros if absent): D x 8H = [Wb_iofc, Rb_iofc];
    - `initial_h`, `initial_c` (optional, zeros if absent): D x batch x H;
    - `p` (optional peepholes, zeros if absent): D x 3H = [Pi, Po, Pf].

    For each time step t (t = 0 .. seq-1 forward; seq-1 .. 0 in reverse;
    direction 0 of `"bidirectional"` is forward, direction 1 reverse):
    ```
    i = f(x_t Wi^T + h Ri^T + Pi * c + Wbi + Rbi)
    f = f(x_t Wf^T + h Rf^T + Pf * c + Wbf + Rbf)
    g = g(x_t Wc^T + h Rc^T + Wbc + Rbc)
    c = f * c + i * g
    o = f(x_t Wo^T + h Ro^T + Po * c + Wbo + Rbo)     (the new c)
    h = o * h(c)
    ```
    Results: `y` (seq x D x batch x H, the h of every step at the step's own
    position t), `y_h` and `y_c` (D x batch x H, the last h and c of each
    direction). ONNX's `layout = 1`, `sequence_lens` equal to seq, and
    unused outputs are resolved by the importer; clip, `input_forget` and
    other activations are not supported.

    ```mlir
    %y, %y_h, %y_c = nn.lstm %x, %w, %r bias(%b) initial_h(%h0) initial_c(%c0)
        {direction = "bidirectional", hidden_size = 3 : i64}
        : (tensor<5x1x4xf32>, tensor<2x12x4xf32>, tensor<2x12x3xf32>,
           tensor<2x24xf32>, tensor<2x1x3xf32>, tensor<2x1x3xf32>)
        -> (tensor<5x2x1x3xf32>, tensor<2x1x3xf32>, tensor<2x1x3xf32>)
    ```
  }];
  let arguments = (ins NN_FloatTensor:$x, NN_FloatTensor:$w, NN_FloatTensor:$r,
                       Optional<NN_FloatTensor>:$b,
                       Optional<NN_FloatTensor>:$initial_h,
                       Optional<NN_FloatTensor>:$initial_c,
                       Optional<NN_FloatTensor>:$p,
                       NN_RNNDirectionAttr:$direction, I64Attr:$hidden_size);
  let results = (outs NN_FloatTensor:$y, NN_FloatTensor:$y_h,
                      NN_FloatTensor:$y_c);
  let assemblyFormat = [{
    $x `,` $w `,` $r (`bias` `(` $b^ `)`)? (`initial_h` `(` $initial_h^ `)`)?
    (`initial_c` `(` $initial_c^ `)`)? (`peepholes` `(` $p^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
}

def NN_RNNOp : NN_RecurrentOp<"rnn"> {
  let summary = "Simple (Elman) recurrent network over a whole sequence (ONNX RNN, layout 0)";
  let description = [{
    Runs `h = tanh(x_t Wi^T + h Ri^T + Wbi + Rbi)` over `x` (seq x batch x
    input) in each direction. `D` is the number of directions (2 for
    `"bidirectional"`, else 1), `H` = `hidden_size`:

    - `w`: D x H x input; `r`: D x H x H;
    - `b` (optional, zeros if absent): D x 2H = [Wbi, Rbi];
    - `initial_h` (optional, zeros if absent): D x batch x H.

    Steps run t = 0 .. seq-1 forward and seq-1 .. 0 in reverse (direction 1
    of `"bidirectional"`). Results: `y` (seq x D x batch x H, the h of every
    step at the step's own position t) and `y_h` (D x batch x H, the last h
    of each direction). Only the tanh activation is supported.

    ```mlir
    %y, %y_h = nn.rnn %x, %w, %r bias(%b)
        {direction = "reverse", hidden_size = 4 : i64}
        : (tensor<3x2x2xf32>, tensor<1x4x2xf32>, tensor<1x4x4xf32>, tensor<1x8xf32>)
        -> (tensor<3x1x2x4xf32>, tensor<1x2x4xf32>)
    ```
  }];
  let arguments = (ins NN_FloatTensor:$x, NN_FloatTensor:$w, NN_FloatTensor:$r,
                       Optional<NN_FloatTensor>:$b,
                       Optional<NN_FloatTensor>:$initial_h,
                       NN_RNNDirectionAttr:$direction, I64Attr:$hidden_size);
  let results = (outs NN_FloatTensor:$y, NN_FloatTensor:$y_h);
  let assemblyFormat = [{
    $x `,` $w `,` $r (`bias` `(` $b^ `)`)? (`initial_h` `(` $initial_h^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

class NN_ReduceOp<string mnemonic, string what> : NN_Op<mnemonic, [Pure]> {
  let summary = "Reduce with " # what # " over some axes";
  let description = "Reduces the input with " # what # " over `axes` (sorted, "
      # "unique, each in [0, rank); the importer normalises ONNX's negative "
      # "and omitted axes). With `keep_dims` the reduced dimensions stay with "
      # "size 1, otherwise they are removed.\n\n```mlir\n%y = nn." # mnemonic
      # " %x {axes = array<i64: 1>, keep_dims = true} : (tensor<2x3xf32>) -> "
      # "tensor<2x1xf32>\n```";
  let arguments = (ins NN_Tensor:$input, DenseI64ArrayAttr:$axes,
                       BoolAttr:$keep_dims);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_ReduceMaxOp : NN_ReduceOp<"reduce_max", "the maximum">;
def NN_ReduceMeanOp : NN_ReduceOp<"reduce_mean", "the arithmetic mean">;
def NN_ReduceMinOp : NN_ReduceOp<"reduce_min", "the minimum">;
def NN_ReduceSumOp : NN_ReduceOp<"reduce_sum", "the sum">;

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

def NN_BroadcastOp : NN_Op<"broadcast", [Pure]> {
  let summary = "Broadcast to the result type's shape (numpy rules)";
  let description = [{
    Repeats the input along dimensions of size 1 (and new leading ones) to
    the result shape; ONNX Expand after its shape is resolved.

    ```mlir
    %y = nn.broadcast %x : tensor<3x1xf32> -> tensor<2x3x4xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NN_CastOp : NN_Op<"cast", [Pure]> {
  let summary = "Elementwise conversion to the result's element type";
  let description = [{
    Converts each element to the result element type: float <-> float
    (round to nearest), signed/unsigned integer <-> float (float -> integer
    truncates toward zero), integer <-> integer (truncate or extend by the
    source's signedness), anything -> i1 (x != 0).

    ```mlir
    %y = nn.cast %x : tensor<1x128xi64> -> tensor<1x128xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NN_ConcatOp : NN_Op<"concat", [Pure]> {
  let summary = "Concatenation along one axis";
  let description = [{
    Joins the inputs along `axis` (0 <= axis < rank); all other dimensions
    must agree.

    ```mlir
    %y = nn.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
    ```
  }];
  let arguments = (ins Variadic<NN_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` functional-type($inputs, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NN_FlattenOp : NN_Op<"flatten", [Pure]> {
  let summary = "Flatten to 2-D at an axis";
  let description = [{
    Reshapes `d0 x ... x dn-1` to `(d0*...*d(axis-1)) x (d(axis)*...*d(n-1))`
    (0 <= axis <= rank). Canonicalizes to `nn.reshape`.

    ```mlir
    %y = nn.flatten %x {axis = 1 : i64} : (tensor<1x8x2x2xf32>) -> tensor<1x32xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, I64Attr:$axis);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

def NN_GatherOp : NN_Op<"gather", [Pure]> {
  let summary = "Gather slices along an axis by integer indices";
  let description = [{
    ONNX Gather: `output[i..., j..., k...] = data[i..., indices[j...], k...]`
    where `i...` are the dims before `axis`. The result shape is
    `data.shape[:axis] + indices.shape + data.shape[axis+1:]`. Negative
    indices count from the end; indices outside [-n, n) are clamped into
    range (ONNX leaves them undefined; a bad input must not crash).

    ```mlir
    %e = nn.gather %table, %ids {axis = 0 : i64} : (tensor<1000x128xf32>, tensor<1x16xi64>) -> tensor<1x16x128xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$data, RankedTensorOf<[I32, I64]>:$indices,
                       I64Attr:$axis);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NN_ReshapeOp : NN_Op<"reshape", [Pure]> {
  let summary = "Reshape to the result type's shape (row-major order kept)";
  let description = [{
    Reinterprets the elements in row-major order with the result type's
    shape; the element counts must agree. ONNX's `0` and `-1` entries are
    resolved by the importer.

    ```mlir
    %y = nn.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def NN_SliceOp : NN_Op<"slice", [Pure]> {
  let summary = "Strided slice with static bounds";
  let description = [{
    `output[i] = input[offsets + i * strides]` per dimension, with one
    offset, size and (positive) stride per input dimension, already clamped
    by the importer (ONNX Slice's negative and out-of-range starts/ends are
    resolved there).

    ```mlir
    %y = nn.slice %x {offsets = array<i64: 0, 2>, sizes = array<i64: 4, 3>, strides = array<i64: 1, 2>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, DenseI64ArrayAttr:$offsets,
                       DenseI64ArrayAttr:$sizes, DenseI64ArrayAttr:$strides);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NN_PadModeAttr : ConfinedAttr<StrAttr, [AttrConstraint<
    CPred<"::llvm::is_contained(::llvm::ArrayRef<::llvm::StringRef>{"
          "\"constant\", \"reflect\", \"edge\", \"wrap\"}, "
          "::llvm::cast<::mlir::StringAttr>($_self).getValue())">,
    "one of constant, reflect, edge, wrap">]>;

def NN_PadOp : NN_Op<"pad", [Pure]> {
  let summary = "Pad (or crop) every dimension";
  let description = [{
    ONNX Pad with static amounts. `pads` holds the begin amounts of all
    dimensions, then the end amounts; a negative amount removes elements.
    Output dim `d` is `input[d] + pads[d] + pads[rank + d]`, at least 1.
    `mode` chooses the new elements:
    - `constant`: `value` (of the element type);
    - `edge`: the nearest element of the input;
    - `reflect`: mirrored about the first / last element (not repeated),
      repeating with period `2 * (n - 1)` when the pad exceeds the dim;
    - `wrap`: the input repeated (index modulo the dim).
    `value` is ignored by the other modes. At -O1 a zero constant pad of the
    spatial dims in front of a convolution folds into its `pads`
    (nn-fold-into-conv).

    ```mlir
    %y = nn.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = "constant", value = 0.0 : f32}
        : (tensor<1x3x8x8xf32>) -> tensor<1x3x10x10xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, DenseI64ArrayAttr:$pads,
                       NN_PadModeAttr:$mode, TypedAttrInterface:$value);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NN_TriluOp : NN_Op<"trilu", [Pure, SameOperandsAndResultType]> {
  let summary = "Keep the upper or lower triangle of the last two dims";
  let description = [{
    For the last two dims (i, j): with `upper`, keeps elements with
    `j - i >= k` and zeroes the others; otherwise keeps `j - i <= k`.

    ```mlir
    %y = nn.trilu %x {k = 1 : i64, upper = true} : tensor<4x4xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, I64Attr:$k, BoolAttr:$upper);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
  let hasVerifier = 1;
}

def NN_TransposeOp : NN_Op<"transpose", [Pure]> {
  let summary = "Permute dimensions";
  let description = [{
    `output` dimension `i` is `input` dimension `perm[i]`.

    ```mlir
    %y = nn.transpose %x {perm = array<i64: 0, 2, 1>} : (tensor<2x3x4xf32>) -> tensor<2x4x3xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

#endif // NN_OPS
