import { handle } from "../../_lib/rest";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const batchId = new URL(request.url).searchParams.get("batchId");
  return handle(request, (a, who) => a.plansWorkbook(who, batchId));
}
