//===- NodeLocations.h - ONNX node names in op locations --------*- C++ -*-===//
//
// Part of nncc.
//
// The ONNX importer locates every nn op at NameLoc(<node name>, <file>);
// lowering keeps these locations on the ops it creates (cloned or fused ops
// may carry a FusedLoc or CallSiteLoc around them). These helpers recover
// the node names, e.g. for profiling.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_DIALECTS_NN_TRANSFORMS_NODELOCATIONS_H
#define NNCC_DIALECTS_NN_TRANSFORMS_NODELOCATIONS_H

#include "mlir/IR/Location.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::nncc {

/// Appends the ONNX node names found in `loc` (NameLocs, looking through
/// FusedLoc and CallSiteLoc) to `names`, in order, without duplicates.
inline void collectNodeNames(Location loc,
                             llvm::SetVector<StringAttr> &names) {
  if (auto name = dyn_cast<NameLoc>(loc)) {
    names.insert(name.getName());
    return;
  }
  if (auto fused = dyn_cast<FusedLoc>(loc)) {
    for (Location inner : fused.getLocations())
      collectNodeNames(inner, names);
    return;
  }
  if (auto callSite = dyn_cast<CallSiteLoc>(loc))
    collectNodeNames(callSite.getCallee(), names);
}

/// The first ONNX node name in `loc`, or null.
inline StringAttr getNodeName(Location loc) {
  llvm::SetVector<StringAttr> names;
  collectNodeNames(loc, names);
  return names.empty() ? StringAttr() : names.front();
}

} // namespace mlir::nncc

#endif // NNCC_DIALECTS_NN_TRANSFORMS_NODELOCATIONS_H
