//===- NNDialect.h - NN dialect declaration ---------------------*- C++ -*-===//
//
// Part of nncc.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_DIALECTS_NN_IR_NNDIALECT_H
#define NNCC_DIALECTS_NN_IR_NNDIALECT_H

#include "mlir/IR/Dialect.h"

#include "dialects/NN/IR/NNOpsDialect.h.inc"

#endif // NNCC_DIALECTS_NN_IR_NNDIALECT_H
