# Writes the inputs and expected outputs of parallel-run.mlir as .npy files
# (no numpy needed): x f32[97, 48], w f32[48, 40]; y = x @ w and
# r[i, j, k] = x[8 + i, j + k] * x[o + i, k] + s with s = o = x[0, 0] = 5.
# All values are multiples of 1/4 with small sums, so f32 results are exact.
import struct
import sys


def save(path, shape, values):
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }" % (
        "".join("%d, " % d for d in shape))
    header += " " * (63 - (10 + len(header)) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)))
        f.write(header.encode("latin1"))
        f.write(struct.pack("<%df" % len(values), *values))


out = sys.argv[1]
x = [[((i * 7 + j * 3) % 11) / 4 for j in range(48)] for i in range(97)]
x[0][0] = 5.0
w = [[((k * 5 + n) % 7 - 3) / 2 for n in range(40)] for k in range(48)]
y = [[sum(x[i][k] * w[k][n] for k in range(48)) for n in range(40)]
     for i in range(97)]
o = int(x[0][0])
r = [[[x[8 + i][j + k] * x[o + i][k] + x[0][0] for k in range(8)]
      for j in range(6)] for i in range(4)]
save(out + ".x.npy", [97, 48], [v for row in x for v in row])
save(out + ".w.npy", [48, 40], [v for row in w for v in row])
save(out + ".y.npy", [97, 40], [v for row in y for v in row])
save(out + ".r.npy", [4, 6, 8], [v for a in r for b in a for v in b])
