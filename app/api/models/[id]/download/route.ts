import { handle } from "../../../_lib/rest";

export const dynamic = "force-dynamic";

export async function GET(request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await ctx.params;
  const format = new URL(request.url).searchParams.get("format");
  return handle(request, (a, who) => a.modelFile(who, id, format));
}
