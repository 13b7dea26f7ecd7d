import { z } from "zod";
import { openCustomersCsv } from "../plans/excel";
import { defineAction } from "./action";

/**
 * Every customer of the active dataset with risk and SHAP values, as CSV. The bytes are a stream
 * read page by page after the action returns (bounded memory at any dataset size); the audit row
 * records that the export was started.
 */
export const exportCustomers = defineAction({
  name: "export_customers",
  policy: { role: "analyst", cost: 1 },
  input: z.object({ format: z.enum(["csv"], { error: "format 只支持 csv (only csv)" }).default("csv") }).strict(),
  async run(ctx) {
    const chunks = await openCustomersCsv(ctx.services.db);
    await ctx.audit(ctx.services.db, { target: null });
    return { chunks, filename: "customers.csv" };
  },
});
