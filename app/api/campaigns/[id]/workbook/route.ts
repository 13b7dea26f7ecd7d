import { handle, readMultipart, signedIn } from "../../../_lib/rest";

export const dynamic = "force-dynamic";

/** The import action's own cap, plus room for the multipart envelope. */
const MAX_UPLOAD_BYTES = 10 * 1024 * 1024 + 64 * 1024;
const HINT = "请以 multipart/form-data 上传字段 file（活动工作簿 .xlsx）(upload the campaign workbook as the multipart field `file`)";

/** The campaign workbook with its 联系状态 column: an advisor gets only their own customers. */
export async function GET(request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await ctx.params;
  return handle(request, (a, who) => a.campaignWorkbook(who, id));
}

/**
 * The filled-in workbook back: every cell is checked and nothing is written on any error (400
 * with each bad cell: sheet, row, column, value, rule, message).
 */
export async function POST(request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await ctx.params;
  return handle(request, async (a, who) => {
    const caller = signedIn(who);
    const form = await readMultipart(request, MAX_UPLOAD_BYTES, HINT);
    const file = form.get("file");
    const bytes = file instanceof File ? new Uint8Array(await file.arrayBuffer()) : null;
    return a.importCampaignWorkbook(caller, id, bytes);
  });
}
