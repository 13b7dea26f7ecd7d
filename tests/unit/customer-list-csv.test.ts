import { describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { openCustomerListCsv, type CustomerListCsvRow, type CustomerListPageReader } from "../../lib/plans/customers-csv";

const row = (i: number): CustomerListCsvRow => ({
  id: `C${String(i).padStart(4, "0")}`,
  branch: "上海分公司",
  churned: i % 5 === 0,
  customerType: 0,
  riskTolerance: 2,
  assetsLatest: 1000 * i,
  probability: i / 100,
  riskLevel: "high",
  expectedAssetLoss: 10 * i,
  hasPlan: i % 2 === 0,
});

/** The list query's contract over an array: offset cursors, hasNextPage, endCursor. */
function reader(rows: CustomerListCsvRow[], calls: number[]): CustomerListPageReader {
  return async (after, first) => {
    const offset = after === null ? 0 : Number(after) + 1;
    calls.push(offset);
    const items = rows.slice(offset, offset + first).map((node) => ({ node }));
    return { totalCount: rows.length, items, hasNextPage: offset + first < rows.length, endCursor: items.length ? String(offset + items.length - 1) : null };
  };
}

async function text(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  let out = "";
  for await (const c of chunks) out += decoder.decode(c, { stream: true });
  return out;
}

describe("customers list CSV", () => {
  it("streams every row of the list, page after page, in the list's order", async () => {
    const rows = Array.from({ length: 25 }, (_, i) => row(25 - i));
    const calls: number[] = [];
    const { totalCount, chunks } = await openCustomerListCsv({} as Db, { datasetId: 1, readPage: reader(rows, calls), names: false, lang: "en", pageSize: 10 });
    expect(totalCount).toBe(25);
    const csv = await text(chunks);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const lines = csv.slice(1).split("\r\n").filter(Boolean);
    expect(lines[0]).toBe("customer_id,branch,status,customer_type,risk_tolerance,assets,probability,risk_level,expected_asset_loss,has_plan");
    expect(lines.length - 1).toBe(25);
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(rows.map((r) => r.id));
    expect(calls).toEqual([0, 10, 20]);
    expect(lines[1]).toBe("C0025,上海分公司,churned,普通个人,C3 稳健,25000,0.25,high,250,0");
  });

  it("reads the first page before returning, so a bad query is an error and not a broken download", async () => {
    const failing: CustomerListPageReader = async () => {
      throw new Error("bad cursor");
    };
    await expect(openCustomerListCsv({} as Db, { datasetId: 1, readPage: failing, names: false, lang: "zh" })).rejects.toThrow("bad cursor");
  });

  it("has Chinese headers and status words in Chinese", async () => {
    const { chunks } = await openCustomerListCsv({} as Db, { datasetId: 1, readPage: reader([row(5), row(6)], []), names: false, lang: "zh" });
    const lines = (await text(chunks)).slice(1).split("\r\n").filter(Boolean);
    expect(lines[0]!.split(",")[0]).toBe("客户编号");
    expect(lines.slice(1).map((l) => l.split(",")[2])).toEqual(["已流失", "活跃"]);
  });
});
