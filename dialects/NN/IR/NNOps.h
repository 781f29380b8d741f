//===- NNOps.h - NN dialect operations --------------------------*- C++ -*-===//
//
// Part of nncc.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_DIALECTS_NN_IR_NNOPS_H
#define NNCC_DIALECTS_NN_IR_NNOPS_H

#include "dialects/NN/IR/NNDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dialects/NN/IR/NNOps.h.inc"

#endif // NNCC_DIALECTS_NN_IR_NNOPS_H
