import { z } from "zod";
import { ExportFormatError, exportImportFormat } from "../data/import/export-import-format";
import { zipFiles } from "../data/import/zip-writer";
import { AppError } from "../errors/app-error";
import { defineAction } from "./action";

/**
 * A dataset in the import format — customers (with the label), dated weekly activity, churn
 * events and the mapping profile — as one ZIP, or one of the four files. Importing the files with
 * the profile gives the same rows back. Personal data is in it, so it is an admin's action.
 */
export const exportDataset = defineAction({
  name: "export_dataset",
  policy: { role: "admin", cost: 1 },
  input: z
    .object({
      id: z.number({ error: "id 必须是数据集编号 (dataset id)" }).int().min(1).max(2_147_483_647),
      format: z.enum(["import"], { error: "format 只支持 import（导入格式）(only format=import)" }).default("import"),
      file: z.enum(["zip", "customers", "activity", "events", "mapping"], { error: "file 只能是 zip、customers、activity、events 或 mapping" }).default("zip"),
    })
    .strict(),
  async run(ctx, input) {
    let exp;
    try {
      exp = await exportImportFormat(ctx.services.db, input.id);
    } catch (e) {
      if (e instanceof ExportFormatError) throw new AppError("BAD_USER_INPUT", e.message, { field: "id", cause: e });
      throw e;
    }
    if (!exp) throw new AppError("NOT_FOUND", `数据集 ${input.id} 不存在 (dataset not found)`, { field: "id" });
    await ctx.audit(ctx.services.db, { target: `dataset:${input.id}`, details: { format: input.format, file: input.file, ...exp.counts } });
    const files = [exp.customers, exp.activity, exp.events, exp.mapping];
    if (input.file !== "zip") {
      const f = exp[input.file];
      return { body: f.text as Uint8Array | string, filename: f.name, contentType: input.file === "mapping" ? "application/json" : "text/csv; charset=utf-8", exp };
    }
    const body = zipFiles(files.map((f) => ({ name: f.name, data: f.text })));
    return { body: body as Uint8Array | string, filename: `dataset_${input.id}_import_format.zip`, contentType: "application/zip", exp };
  },
});
