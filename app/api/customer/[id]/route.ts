import { handle } from "../../_lib/rest";

export const dynamic = "force-dynamic";

export async function GET(request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  // Next has already decoded the path segment; decoding again breaks ids containing "%".
  const { id } = await ctx.params;
  return handle(request, (a, who) => a.customerInfo(who, id));
}
