// Trains a model with ml-xgboost's raw emscripten module and writes its legacy model bytes.
// Used by make-golden-fixtures.py and bench/shap.ts; the XGBoost wrapper in lib/ml is owned elsewhere.
// usage: node scripts/train-ml-xgboost.cjs <in.json> <out.bin>
//   in.json: { rows, cols, X: number[] (row-major, missing = -1), y: number[], rounds, params: {k: v} }
"use strict";
const fs = require("fs");
const path = require("path");

async function main() {
  const [inPath, outPath] = process.argv.slice(2);
  const spec = JSON.parse(fs.readFileSync(inPath, "utf8"));
  const M = require(path.join(__dirname, "..", "node_modules", "ml-xgboost", "dist", "wasm", "xgboost.js"));
  await M.isReady;
  const setParam = M.cwrap("set_param", null, ["number", "string", "string"]);
  const X = Float32Array.from(spec.X);
  const y = Float32Array.from(spec.y);
  const xp = M._malloc(X.byteLength);
  M.HEAPF32.set(X, xp >> 2);
  const yp = M._malloc(y.byteLength);
  M.HEAPF32.set(y, yp >> 2);
  const model = M._create_model(xp, yp, spec.rows, spec.cols);
  for (const [k, v] of Object.entries(spec.params)) setParam(model, k, String(v));
  const t0 = process.hrtime.bigint();
  M._train_full_model(model, spec.rounds);
  const trainMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const size = M._save_model(model);
  if (size <= 0) throw new Error("save_model failed");
  const buf = M._malloc(size);
  M._get_file_content(buf, size);
  const bytes = Buffer.from(M.HEAPU8.slice(buf, buf + size));
  M._free(buf);
  M._free_memory_model(model);
  M._free(xp);
  M._free(yp);
  fs.writeFileSync(outPath, bytes);
  process.stdout.write(JSON.stringify({ bytes: size, trainMs }) + "\n");
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
