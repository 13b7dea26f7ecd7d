import { handle } from "../../_lib/rest";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const query = new URL(request.url).searchParams;
  return handle(request, (a, who) => a.customersCsv(who, query));
}
