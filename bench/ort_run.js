#!/usr/bin/env node
// Times one ONNX model with ONNX Runtime (npm onnxruntime-node, CPU) for the
// nncc benchmark (bench/run_bench.py), and writes its outputs for comparison.
//
// usage: node bench/ort_run.js --model model.onnx --input NAME=FILE.npy ...
//          [--threads N] [--seconds S] [--max-runs N] [--warmup-seconds S]
//          [--save-outputs DIR] [--modules DIR]
//
// Session options: graphOptimizationLevel 'all', intraOpNumThreads N,
// interOpNumThreads 1, executionMode 'sequential'. It runs the model at least
// once to warm up (and keeps warming up for --warmup-seconds), then times runs
// until --seconds have passed (at least one run, at most --max-runs) and
// prints one line "RESULT {json}" with median/min/max in milliseconds.
// Outputs are written as DIR/<output name>.npy (the name sanitised like
// nncc-run does). --modules DIR says where node_modules/onnxruntime-node is
// (default: build/bench-node under the repository, or Node's own resolution).
'use strict';

const fs = require('fs');
const path = require('path');

function fail(message) {
  process.stdout.write('RESULT ' + JSON.stringify({ok: false, error: message}) + '\n');
  process.exit(1);
}

function parseArgs(argv) {
  const opts = {inputs: [], threads: 1, seconds: 5, maxRuns: 1000, warmupSeconds: 0.5,
                saveDir: null, model: null, modules: null};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`missing value for ${flag}`);
      return argv[++i];
    };
    if (flag === '--model') opts.model = value();
    else if (flag === '--input') opts.inputs.push(value());
    else if (flag === '--threads') opts.threads = parseInt(value(), 10);
    else if (flag === '--seconds') opts.seconds = parseFloat(value());
    else if (flag === '--max-runs') opts.maxRuns = parseInt(value(), 10);
    else if (flag === '--warmup-seconds') opts.warmupSeconds = parseFloat(value());
    else if (flag === '--save-outputs') opts.saveDir = value();
    else if (flag === '--modules') opts.modules = value();
    else fail(`unknown option ${flag}`);
  }
  if (!opts.model) fail('--model is required');
  if (!(opts.threads >= 1)) fail('--threads must be >= 1');
  return opts;
}

function loadOrt(modulesDir) {
  const candidates = [];
  if (modulesDir) candidates.push(path.join(modulesDir, 'node_modules', 'onnxruntime-node'));
  candidates.push(path.join(__dirname, '..', 'build', 'bench-node', 'node_modules',
                            'onnxruntime-node'));
  candidates.push('onnxruntime-node');
  for (const c of candidates) {
    try {
      return require(c);
    } catch (e) {
      if (e.code !== 'MODULE_NOT_FOUND') throw e;
    }
  }
  fail('onnxruntime-node not found (scripts/bench installs it into build/bench-node)');
}

// ---------------------------------------------------------------------------
// .npy files (version 1.0/2.0/3.0, C order, little-endian)
// ---------------------------------------------------------------------------

const NPY_TYPES = {
  '<f4': ['float32', Float32Array], '<f8': ['float64', Float64Array],
  '<i8': ['int64', BigInt64Array], '<i4': ['int32', Int32Array],
  '<i2': ['int16', Int16Array], '|i1': ['int8', Int8Array],
  '<u8': ['uint64', BigUint64Array], '<u4': ['uint32', Uint32Array],
  '<u2': ['uint16', Uint16Array], '|u1': ['uint8', Uint8Array],
  '|b1': ['bool', Uint8Array],
};

function readNpy(file) {
  const buf = fs.readFileSync(file);
  if (buf.readUInt32BE(0) !== 0x934e554d || buf[4] !== 0x50 || buf[5] !== 0x59)
    throw new Error(`${file}: not a .npy file`);
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.toString('latin1', start, start + headerLen);
  const descr = /'descr':\s*'([^']+)'/.exec(header);
  const fortran = /'fortran_order':\s*(True|False)/.exec(header);
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shape) throw new Error(`${file}: bad .npy header`);
  if (fortran[1] === 'True') throw new Error(`${file}: Fortran order is not supported`);
  const type = NPY_TYPES[descr[1]];
  if (!type) throw new Error(`${file}: unsupported dtype ${descr[1]}`);
  const dims = shape[1].split(',').map((s) => s.trim()).filter((s) => s.length)
                   .map((s) => parseInt(s, 10));
  const count = dims.reduce((a, b) => a * b, 1);
  const offset = start + headerLen;
  const bytes = Buffer.from(buf.subarray(offset, offset + count * type[1].BYTES_PER_ELEMENT));
  const aligned = new Uint8Array(bytes).buffer;   // fresh, aligned copy
  let data = new type[1](aligned, 0, count);
  if (type[0] === 'bool') data = Uint8Array.from(data);
  return {type: type[0], data, dims};
}

function writeNpy(file, tensor) {
  const descr = Object.keys(NPY_TYPES).find((k) => NPY_TYPES[k][0] === tensor.type);
  if (!descr) throw new Error(`cannot write output of type ${tensor.type}`);
  const shape = tensor.dims.length === 1 ? `(${tensor.dims[0]},)` : `(${tensor.dims.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1; head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  const data = tensor.data;
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  fs.writeFileSync(file, Buffer.concat([head, Buffer.from(header, 'latin1'), body]));
}

function sanitize(name) {
  let r = name.replace(/[^A-Za-z0-9._-]/g, '_');
  if (r === '' || r === '.' || r === '..') r = '_' + r;
  return r;
}

// ---------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const ort = loadOrt(opts.modules);
  const t0 = process.hrtime.bigint();
  const session = await ort.InferenceSession.create(opts.model, {
    graphOptimizationLevel: 'all', intraOpNumThreads: opts.threads, interOpNumThreads: 1,
    executionMode: 'sequential',
  });
  const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;

  const feeds = {};
  opts.inputs.forEach((spec, index) => {
    const eq = spec.indexOf('=');
    const name = eq > 0 ? spec.slice(0, eq) : session.inputNames[index];
    const file = eq > 0 ? spec.slice(eq + 1) : spec;
    if (!session.inputNames.includes(name)) throw new Error(`model has no input '${name}'`);
    const t = readNpy(file);
    feeds[name] = new ort.Tensor(t.type, t.data, t.dims);
  });
  for (const name of session.inputNames)
    if (!(name in feeds)) throw new Error(`no --input for model input '${name}'`);

  const now = () => Number(process.hrtime.bigint()) / 1e6;   // ms
  let outputs = null;
  const warm = [];
  const warmStart = now();
  do {
    const s = now();
    outputs = await session.run(feeds);
    warm.push(now() - s);
  } while (now() - warmStart < opts.warmupSeconds * 1000);

  const times = [];
  const timedStart = now();
  do {
    const s = now();
    await session.run(feeds);
    times.push(now() - s);
  } while (now() - timedStart < opts.seconds * 1000 && times.length < opts.maxRuns);
  times.sort((a, b) => a - b);
  const n = times.length;
  const median = n % 2 ? times[(n - 1) / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;

  const saved = [];
  if (opts.saveDir) {
    fs.mkdirSync(opts.saveDir, {recursive: true});
    for (const name of session.outputNames) {
      const file = path.join(opts.saveDir, sanitize(name) + '.npy');
      writeNpy(file, outputs[name]);
      saved.push({name, file});
    }
  }
  let version = null;
  try {
    version = ort.env && ort.env.versions ? ort.env.versions.common : null;
  } catch (e) { /* older packages */ }
  process.stdout.write('RESULT ' + JSON.stringify({
    ok: true, median_ms: median, min_ms: times[0], max_ms: times[n - 1], runs: n,
    warmup_runs: warm.length, first_run_ms: warm[0], load_ms: loadMs, threads: opts.threads,
    outputs: saved, ort_version: version,
  }) + '\n');
}

main().catch((e) => fail(String(e && e.message ? e.message : e)));
