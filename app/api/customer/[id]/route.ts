import { handle } from "../../_lib/rest";

export const dynamic = "force-dynamic";

export async function GET(request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await ctx.params;
  return handle(request, (f, who) => f.customerInfo(who, decodeURIComponent(id)));
}
