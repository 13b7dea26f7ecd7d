import { handle, readJson, signedIn } from "../_lib/rest";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  return handle(request, async (a, who) => a.predict(signedIn(who), await readJson(request)));
}
