import { z } from "zod";
import { buildCustomersCsv } from "../plans/excel";
import { defineAction } from "./action";

/** Every customer of the active dataset with risk and top drivers, as CSV. */
export const exportCustomers = defineAction({
  name: "export_customers",
  policy: { role: "analyst", cost: 1 },
  input: z.object({ format: z.enum(["csv"], { error: "format 只支持 csv (only csv)" }).default("csv") }).strict(),
  async run(ctx) {
    const csv = await buildCustomersCsv(ctx.services.db);
    await ctx.audit(ctx.services.db, { target: null });
    return { body: csv, filename: "customers.csv" };
  },
});
