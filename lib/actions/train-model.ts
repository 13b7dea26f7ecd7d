import { z } from "zod";
import { startTraining } from "../ml/training-service";
import { defineAction } from "./action";

/** Validated in depth by the training service (parseStartTrainingInput); here only its shape. */
export const trainModelInput = z.record(z.string(), z.unknown());

/** Starts a training run in the worker; the run row, its events and its activation follow. */
export const trainModel = defineAction({
  name: "train_model",
  policy: { role: "admin", cost: 1 },
  input: trainModelInput,
  async run(ctx, input) {
    const actor = ctx.actor?.email;
    return startTraining(ctx.services.training, input, actor, (tx, run) =>
      ctx.audit(tx, { target: `model_run:${run.id}`, details: { input } }),
    );
  },
});
