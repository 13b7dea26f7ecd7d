import { z } from "zod";
import { openCustomersCsv } from "../plans/excel";
import { openCustomerListCsv } from "../plans/customers-csv";
import { scopeOf } from "../services/customer-queries";
import { activeScope } from "../services/scope";
import { AppError } from "../errors/app-error";
import { defineAction } from "./action";

const between = (field: string, min: number, max: number) =>
  z
    .number({ error: `${field} 必须是数字 (${field} must be a number)` })
    .min(min, `${field} 取值范围 ${min}–${max} (${field} must be ${min}..${max})`)
    .max(max, `${field} 取值范围 ${min}–${max} (${field} must be ${min}..${max})`)
    .optional();
const code = (field: string, max: number) =>
  z
    .number({ error: `${field} 必须是整数 (${field} must be an integer)` })
    .int(`${field} 必须是整数 (${field} must be an integer)`)
    .min(0, `${field} 取值范围 0–${max} (${field} must be 0..${max})`)
    .max(max, `${field} 取值范围 0–${max} (${field} must be 0..${max})`)
    .optional();

/** The customers list's filter and order, as the page sends them (same names as the GraphQL CustomerFilter). */
export const customerListExportSchema = z
  .object({
    status: z.enum(["active", "churned", "all"], { error: "status 只能是 active/churned/all" }).default("active"),
    search: z.string().max(64, "search 最长 64 个字符 (at most 64 characters)").optional(),
    branch: z.string().max(100, "branch 最长 100 个字符 (at most 100 characters)").optional(),
    openChannel: code("openChannel", 1),
    riskTolerance: code("riskTolerance", 4),
    customerType: code("customerType", 2),
    minAssets: between("minAssets", 0, 1e15),
    maxAssets: between("maxAssets", 0, 1e15),
    riskLevel: z.enum(["high", "medium", "low"], { error: "riskLevel 只能是 high/medium/low" }).optional(),
    minProbability: between("minProbability", 0, 1),
    maxProbability: between("maxProbability", 0, 1),
    hasPlan: z.boolean().optional(),
    orderBy: z.enum(["RISK_DESC", "EXPECTED_LOSS_DESC", "ASSETS_DESC", "ID_ASC"], { error: "orderBy 只能是 RISK_DESC/EXPECTED_LOSS_DESC/ASSETS_DESC/ID_ASC" }).default("RISK_DESC"),
    lang: z.enum(["zh", "en"]).default("zh"),
  })
  .strict();
export type CustomerListExport = z.input<typeof customerListExportSchema>;

/**
 * Customers as CSV, streamed: the bytes are read page by page after the action returns (bounded
 * memory at any dataset size); the audit row records that the export was started.
 * - without `list`: every customer of the active dataset with features, risk and SHAP values;
 * - with `list`: the customers list as filtered and ordered on the page, all of it (not the page
 *   on screen), with names (this action is for analysts and admins, who may see them).
 */
export const exportCustomers = defineAction({
  name: "export_customers",
  policy: { role: "analyst", cost: 1 },
  input: z
    .object({
      format: z.enum(["csv"], { error: "format 只支持 csv (only csv)" }).default("csv"),
      list: customerListExportSchema.optional(),
    })
    .strict(),
  async run(ctx, input) {
    if (!input.list) {
      const chunks = await openCustomersCsv(ctx.services.db);
      await ctx.audit(ctx.services.db, { target: null });
      return { chunks, filename: "customers.csv" };
    }
    const { orderBy, lang, ...f } = input.list;
    const { dataset, run } = await activeScope(ctx.services);
    if (!dataset) throw new AppError("NOT_FOUND", "尚无数据集 (no dataset to export)");
    const scope = { ...scopeOf(dataset, run), size: dataset.nCustomers };
    // Churned customers have no score: the page drops score filters for them, and so does the export.
    const scored = f.status !== "churned";
    const filter = {
      status: f.status,
      search: f.search?.trim() || undefined,
      searchNames: Boolean(f.search?.trim()),
      branch: f.branch || undefined,
      openChannel: f.openChannel,
      riskTolerance: f.riskTolerance,
      customerType: f.customerType,
      ...(scored
        ? { minAssets: f.minAssets, maxAssets: f.maxAssets, riskLevel: f.riskLevel, minProbability: f.minProbability, maxProbability: f.maxProbability, hasPlan: f.hasPlan }
        : {}),
    };
    const { totalCount, chunks } = await openCustomerListCsv(ctx.services.db, {
      datasetId: dataset.id,
      names: true,
      lang,
      readPage: (after, first) => ctx.services.cache.customers(scope, { first, after, filter, orderBy }),
    });
    await ctx.audit(ctx.services.db, { target: null, details: { view: "list", rows: totalCount, filter: { ...filter, search: filter.search ? "…" : undefined }, orderBy } });
    return { chunks, filename: `customers-list-${new Date().toISOString().slice(0, 10)}.csv`, totalCount };
  },
});
