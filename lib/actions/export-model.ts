import { z } from "zod";
import { AppError } from "../errors/app-error";
import { toXgboostJson } from "../ml/model-json";
import { getRun } from "../ml/model-registry";
import { loadModel } from "../services/model-queries";
import { defineAction } from "./action";

/** A model as XGBoost JSON (loadable by any XGBoost) or the legacy binary ml-xgboost saved. */
export const exportModel = defineAction({
  name: "export_model",
  policy: { role: "analyst", cost: 1 },
  input: z
    .object({
      id: z.number().int().min(1).max(2_147_483_647),
      format: z.enum(["json", "binary"], { error: "format 只能是 json 或 binary (json or binary)" }).default("json"),
    })
    .strict(),
  async run(ctx, input) {
    const { db } = ctx.services;
    const run = await getRun(db, input.id);
    if (!run?.modelBytes) throw new AppError("NOT_FOUND", `模型 ${input.id} 不存在 (model not found)`, { field: "id" });
    if (input.format === "binary" && run.modelFormat !== "xgboost-binary") {
      throw new AppError("BAD_USER_INPUT", "该模型为导入的 JSON 模型，请使用 format=json (imported JSON model: use format=json)", { field: "format" });
    }
    let body: Uint8Array | string;
    if (input.format === "binary") body = run.modelBytes;
    else {
      const model = await loadModel(db, ctx.services.models, input.id);
      if (!model) throw new AppError("NOT_FOUND", `模型 ${input.id} 不存在 (model not found)`, { field: "id" });
      body = toXgboostJson(model.ensemble, run.featureNames);
    }
    await ctx.audit(db, { target: `model_run:${input.id}`, details: { format: input.format } });
    return { body, format: input.format, filename: `churn_model_${input.id}.${input.format === "binary" ? "bin" : "json"}` };
  },
});
