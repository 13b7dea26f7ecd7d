import { handle, jsonBody } from "../_lib/rest";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const body = await jsonBody(request);
  if (!body.ok) return body.response;
  return handle(request, (a, who) => a.train(who, body.value));
}
