//===- nncc.cpp - The nncc compiler driver --------------------------------===//
//
// Part of nncc. All logic lives in compiler/Driver.
//
//===----------------------------------------------------------------------===//

#include "compiler/Driver/Driver.h"

int main(int argc, char **argv) { return mlir::nncc::runNNCC(argc, argv); }
