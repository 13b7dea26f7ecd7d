/**
 * XGBoost's JSON model schema (what `Booster.save_model("x.json")` writes in 1.x/2.x).
 * XGBoost's loader rejects integer literals in float fields (dmlc/xgboost#7970), so every float
 * is written with an exponent or a decimal point, using the shortest text that round-trips the
 * float32 value.
 */
import { z } from "zod";
import { allocateTree, DEFAULT_ENSEMBLE_LIMITS, validateEnsemble, type Tree, type TreeEnsemble } from "./ensemble";

/** Shortest decimal that parses back to the same float32, always marked as a float. */
export function formatFloat32(x: number): string {
  const f = Math.fround(x);
  if (!Number.isFinite(f)) throw new RangeError(`cannot write non-finite float ${x} to an XGBoost JSON model`);
  let s = "";
  for (let p = 1; p <= 9; p++) {
    s = f.toPrecision(p);
    if (Math.fround(Number(s)) === f) break;
  }
  // toPrecision may give "1e+21" or "120"; normalise to XGBoost's style "1.2E2".
  const [mant, exp] = s.split("e");
  let mantissa = mant;
  let exponent = exp ? Number(exp) : 0;
  // Move to scientific notation with one leading digit, trimming zeros.
  const neg = mantissa.startsWith("-");
  if (neg) mantissa = mantissa.slice(1);
  const [ip, fp = ""] = mantissa.split(".");
  let digits = (ip + fp).replace(/^0+/, "");
  const leadingZeros = (ip + fp).length - (ip + fp).replace(/^0+/, "").length;
  if (digits === "") return neg ? "-0E0" : "0E0";
  exponent += ip.length - 1 - leadingZeros;
  digits = digits.replace(/0+$/, "");
  const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${neg ? "-" : ""}${body}E${exponent}`;
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}

function sigmoid(m: number): number {
  return 1 / (1 + Math.exp(-m));
}

/** JSON stores base_score in probability space for logistic objectives; XGBoost maps it with logit. */
function isLogistic(objective: string): boolean {
  return objective === "binary:logistic" || objective === "reg:logistic" || objective === "binary:logitraw";
}

function floatArray(values: ArrayLike<number>): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) parts[i] = formatFloat32(values[i]);
  return `[${parts.join(",")}]`;
}

function intArray(values: ArrayLike<number>): string {
  return `[${Array.from(values, (v) => String(v | 0)).join(",")}]`;
}

function treeJson(t: Tree, id: number, numFeature: number): string {
  const n = t.numNodes;
  const parents = new Int32Array(n).fill(2147483647);
  const leftC = new Int32Array(n);
  const rightC = new Int32Array(n);
  const splitIdx = new Int32Array(n);
  const cond = new Float64Array(n);
  const defLeft = new Uint8Array(n);
  const baseWeights = new Float64Array(n);
  const loss = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (t.isLeaf[i]) {
      leftC[i] = -1;
      rightC[i] = -1;
      cond[i] = t.leafValue[i];
      baseWeights[i] = t.baseWeight ? t.baseWeight[i] : t.leafValue[i];
    } else {
      leftC[i] = t.left[i];
      rightC[i] = t.right[i];
      parents[t.left[i]] = i;
      parents[t.right[i]] = i;
      splitIdx[i] = t.splitIndex[i];
      cond[i] = t.splitCondition[i];
      defLeft[i] = t.defaultLeft[i];
      baseWeights[i] = t.baseWeight ? t.baseWeight[i] : 0;
      loss[i] = t.gain ? t.gain[i] : 0;
    }
  }
  return (
    `{"base_weights":${floatArray(baseWeights)},"categories":[],"categories_nodes":[],"categories_segments":[],"categories_sizes":[],` +
    `"default_left":${intArray(defLeft)},"id":${id},"left_children":${intArray(leftC)},"loss_changes":${floatArray(loss)},` +
    `"parents":${intArray(parents)},"right_children":${intArray(rightC)},"split_conditions":${floatArray(cond)},` +
    `"split_indices":${intArray(splitIdx)},"split_type":${intArray(new Uint8Array(n))},"sum_hessian":${floatArray(t.cover)},` +
    `"tree_param":{"num_deleted":"0","num_feature":"${numFeature}","num_nodes":"${n}","size_leaf_vector":"0"}}`
  );
}

export function toXgboostJson(e: TreeEnsemble, featureNames?: string[]): string {
  validateEnsemble(e);
  const names = featureNames ?? e.featureNames;
  if (names && names.length !== e.numFeature) {
    throw new RangeError(`featureNames must have numFeature = ${e.numFeature} entries, has ${names.length}`);
  }
  const baseScore = isLogistic(e.objective) ? sigmoid(e.baseScore) : e.baseScore;
  const trees = e.trees.map((t, i) => treeJson(t, i, e.numFeature)).join(",");
  const objective = `{"name":${JSON.stringify(e.objective)},"reg_loss_param":{"scale_pos_weight":"1"}}`;
  return (
    `{"learner":{"attributes":{},"feature_names":${JSON.stringify(names ?? [])},` +
    `"feature_types":${JSON.stringify(names ? names.map(() => "float") : [])},` +
    `"gradient_booster":{"model":{"gbtree_model_param":{"num_parallel_tree":"1","num_trees":"${e.trees.length}","size_leaf_vector":"0"},` +
    `"tree_info":${intArray(new Int32Array(e.trees.length))},"trees":[${trees}]},"name":"gbtree"},` +
    `"learner_model_param":{"base_score":"${formatFloat32(baseScore)}","boost_from_average":"0","num_class":"0","num_feature":"${e.numFeature}","num_target":"1"},` +
    `"objective":${objective}},"version":[1,7,4]}`
  );
}

const numArray = z.array(z.number());
const treeSchema = z.object({
  base_weights: numArray.optional(),
  default_left: z.array(z.union([z.number(), z.boolean()])),
  left_children: z.array(z.number().int()),
  right_children: z.array(z.number().int()),
  loss_changes: numArray.optional(),
  split_conditions: numArray,
  split_indices: z.array(z.number().int()),
  split_type: z.array(z.number().int()).optional(),
  sum_hessian: numArray,
  categories_nodes: z.array(z.number()).optional(),
  tree_param: z.object({ num_nodes: z.string(), size_leaf_vector: z.string().optional() }).loose(),
}).loose();

const modelSchema = z.object({
  learner: z.object({
    feature_names: z.array(z.string()).optional(),
    gradient_booster: z.object({
      name: z.string(),
      model: z.object({
        gbtree_model_param: z.object({ num_trees: z.string() }).loose(),
        tree_info: z.array(z.number().int()),
        trees: z.array(treeSchema),
      }).loose(),
    }).loose(),
    learner_model_param: z.object({
      base_score: z.string(),
      num_class: z.string().optional(),
      num_feature: z.string(),
      num_target: z.string().optional(),
    }).loose(),
    objective: z.object({ name: z.string() }).loose(),
  }).loose(),
}).loose();

/** "5E-1" in 1.x, "[5E-1]" in 2.1+/3.x (vector-valued intercept). */
function parseBaseScore(text: string): number {
  const trimmed = text.trim();
  const inner = trimmed.startsWith("[") ? trimmed.slice(1, -1).split(",") : [trimmed];
  if (inner.length !== 1) throw new RangeError(`learner_model_param.base_score must hold one value (single-output model), got ${text}`);
  const v = Number(inner[0]);
  if (!Number.isFinite(v)) throw new RangeError(`learner_model_param.base_score must be a number, got ${text}`);
  return v;
}

export function fromXgboostJson(text: string): TreeEnsemble {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new RangeError(`model JSON does not parse: ${(err as Error).message}`);
  }
  const parsed = modelSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RangeError(`model JSON field ${issue.path.join(".")}: ${issue.message}`);
  }
  const { learner } = parsed.data;
  const booster = learner.gradient_booster;
  if (booster.name !== "gbtree") throw new RangeError(`gradient_booster.name must be "gbtree", got "${booster.name}"`);
  const lmp = learner.learner_model_param;
  const numClass = Number(lmp.num_class ?? "0");
  if (numClass > 1) throw new RangeError(`learner_model_param.num_class must be 0 or 1, got ${numClass}`);
  if (lmp.num_target !== undefined && Number(lmp.num_target) > 1) {
    throw new RangeError(`learner_model_param.num_target must be 1, got ${lmp.num_target}`);
  }
  const objective = learner.objective.name;
  const stored = parseBaseScore(lmp.base_score);
  // XGBoost keeps the intercept as a float32 margin.
  const baseScore = Math.fround(isLogistic(objective) ? logit(stored) : stored);
  const numFeature = Number(lmp.num_feature);
  const trees = booster.model.trees.map((jt, ti): Tree => {
    const n = Number(jt.tree_param.num_nodes);
    const lengths = [jt.left_children, jt.right_children, jt.split_conditions, jt.split_indices, jt.default_left, jt.sum_hessian];
    if (!Number.isInteger(n) || n < 1 || lengths.some((a) => a.length !== n)) {
      throw new RangeError(`trees[${ti}]: every node array must have num_nodes = ${jt.tree_param.num_nodes} entries`);
    }
    if (jt.categories_nodes && jt.categories_nodes.length > 0) {
      throw new RangeError(`trees[${ti}]: categorical splits are not supported`);
    }
    const t = allocateTree(n, true);
    for (let i = 0; i < n; i++) {
      t.cover[i] = jt.sum_hessian[i];
      t.gain![i] = jt.loss_changes?.[i] ?? 0;
      t.baseWeight![i] = jt.base_weights?.[i] ?? 0;
      if (jt.left_children[i] === -1) {
        t.isLeaf[i] = 1;
        t.leafValue[i] = Math.fround(jt.split_conditions[i]);
      } else {
        t.left[i] = jt.left_children[i];
        t.right[i] = jt.right_children[i];
        t.splitIndex[i] = jt.split_indices[i];
        t.splitCondition[i] = jt.split_conditions[i];
        t.defaultLeft[i] = jt.default_left[i] === true || jt.default_left[i] === 1 ? 1 : 0;
      }
    }
    return t;
  });
  if (trees.length !== Number(booster.model.gbtree_model_param.num_trees)) {
    throw new RangeError(`gbtree_model_param.num_trees (${booster.model.gbtree_model_param.num_trees}) must equal the number of trees (${trees.length})`);
  }
  const e: TreeEnsemble = { numFeature, baseScore, objective, trees };
  if (learner.feature_names && learner.feature_names.length > 0) e.featureNames = learner.feature_names;
  // Imported models are checked against the cost limits before anything uses them.
  validateEnsemble(e, DEFAULT_ENSEMBLE_LIMITS);
  return e;
}
