import { handle } from "../../../_lib/rest";

export const dynamic = "force-dynamic";

/**
 * A dataset in the import format (admin): `?format=import` gives a ZIP of customers (with the
 * label 是否流失), dated weekly activity, churn events and the mapping profile JSON; `&file=`
 * customers | activity | events | mapping gives one of them. Importing them gives the same rows.
 */
export async function GET(request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await ctx.params;
  const q = new URL(request.url).searchParams;
  return handle(request, (a, who) => a.datasetExport(who, id, q.get("format"), q.get("file")));
}
