import { z } from "zod";
import { importXgboostJsonModel } from "../ml/training-service";
import { defineAction } from "./action";

/** Imports an XGBoost JSON model trained elsewhere (Python, Spark, Dask …). */
export const importModel = defineAction({
  name: "import_model",
  policy: { role: "admin", cost: 1 },
  input: z.object({ json: z.string().min(1, "模型内容为空 (empty model)").max(100 * 1024 * 1024, "模型文件最大 100MB (model file at most 100MB)") }).strict(),
  async run(ctx, input) {
    const run = await importXgboostJsonModel(ctx.services.training, input.json, ctx.actor?.email, (tx, row) =>
      ctx.audit(tx, { target: `model_run:${row.id}`, details: { trees: row.totalRounds } }),
    );
    ctx.services.cache.invalidate();
    return run;
  },
});
