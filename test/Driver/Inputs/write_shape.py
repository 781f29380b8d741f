# Writes an ONNX TensorProto int64[2] = {3, 2} named "shape" (no onnx import
# needed: the protobuf is encoded by hand).
import struct
import sys

def varint(n):
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])

dims = varint((1 << 3) | 0) + varint(2)            # dims: [2]
dtype = varint((2 << 3) | 0) + varint(7)           # data_type: INT64
name = varint((8 << 3) | 2) + varint(5) + b"shape"  # name
raw = struct.pack("<2q", 3, 2)
raw_data = varint((9 << 3) | 2) + varint(len(raw)) + raw
with open(sys.argv[1], "wb") as f:
    f.write(dims + dtype + name + raw_data)
