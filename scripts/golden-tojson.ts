// Helper for make-golden-fixtures.py: writes our toXgboostJson of a legacy model so Python
// XGBoost can load it. usage: npx tsx scripts/golden-tojson.ts <model.bin> <out.json>
import { readFileSync, writeFileSync } from "node:fs";
import { parseLegacyBinary } from "../lib/ml/model-binary";
import { toXgboostJson } from "../lib/ml/model-json";

const [inPath, outPath] = process.argv.slice(2);
if (!inPath || !outPath) throw new Error("usage: golden-tojson.ts <model.bin> <out.json>");
const e = parseLegacyBinary(new Uint8Array(readFileSync(inPath)));
const names = Array.from({ length: e.numFeature }, (_, i) => `f${i}`);
writeFileSync(outPath, toXgboostJson(e, names));
