import { z } from "zod";
import { activateModel as activate } from "../ml/training-service";
import { defineAction } from "./action";

/** Makes a succeeded run the active model; scores the active dataset only where it has no predictions yet. */
export const activateModel = defineAction({
  name: "activate_model",
  policy: { role: "admin" },
  input: z.object({ id: z.number().int().min(1).max(2_147_483_647) }).strict(),
  async run(ctx, input) {
    const row = await activate(ctx.services.training, input.id, (tx, run) => ctx.audit(tx, { target: `model_run:${run.id}` }));
    ctx.services.models.invalidateShap(row.id);
    ctx.services.cache.invalidate();
    return row;
  },
});
