import { handle } from "../../../_lib/rest";
import { readImportUpload, rejectedImport } from "../../import/upload";

export const dynamic = "force-dynamic";

/**
 * Appends new weeks to a stored imported dataset (admin): multipart/form-data with `activity`
 * (the new weeks only, contiguous from the dataset's data date), optionally `customers` (who
 * joins; ids already stored keep their row), `events` (dated on or after the data date) and
 * `mapping` — the same form as POST /api/datasets/import. Every cell is checked against the
 * stored history and nothing is written on any error (400 with each bad cell and counts per
 * rule). On success the as-of date moves, past scoring runs get their realised outcomes and a
 * scoring job is queued.
 */
export async function POST(request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await ctx.params;
  return handle(request, async (a, who) => {
    const caller = a.mayUpload(who, "dataset");
    const upload = await readImportUpload(request);
    return a.appendDatasetWeeks(caller, id, upload).catch(rejectedImport);
  });
}
