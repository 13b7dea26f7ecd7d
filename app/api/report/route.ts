import { handle } from "../_lib/rest";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const format = new URL(request.url).searchParams.get("format");
  return handle(request, (a, who) => a.report(who, format));
}
