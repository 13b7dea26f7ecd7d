import { z } from "zod";
import { writeDatasetRecords } from "../data/dataset-store";
import { parseImport, type ImportFile } from "../data/import";
import { AppError } from "../errors/app-error";
import { defineAction } from "./action";

const file = z.custom<ImportFile>((v) => typeof v === "object" && v !== null && typeof (v as ImportFile).name === "string" && (v as ImportFile).bytes instanceof Uint8Array);

export const importDatasetInput = z
  .object({
    customers: file.nullish(),
    weekly: file.nullish(),
    name: z.string().max(200).optional(),
    onProgress: z.custom<(done: number, total: number) => void>((v) => typeof v === "function").optional(),
  })
  .strict();

/** Imports a brokerage's own files: every cell checked first, nothing written on any error. */
export const importDataset = defineAction({
  name: "import_dataset",
  policy: { role: "admin", cost: 1 },
  input: importDatasetInput,
  async run(ctx, input) {
    if (!input.customers) throw new AppError("BAD_USER_INPUT", "缺少客户文件 customers (CSV 或 XLSX) (customers file required)", { field: "customers" });
    const records = await parseImport({ customersFile: input.customers, weeklyFile: input.weekly ?? undefined }, input.name);
    const d = await writeDatasetRecords(ctx.services.db, records, input.onProgress, (tx, row) =>
      ctx.audit(tx, { target: `dataset:${row.id}`, details: { customers: row.nCustomers, weeks: row.nWeeks } }),
    );
    ctx.services.cache.invalidate();
    return d;
  },
});
