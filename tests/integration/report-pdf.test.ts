import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { registerRestAdapter } from "../../app/api/_lib/registry";
import { createRestAdapter } from "../../app/api/_lib/rest-adapter";
import * as reportRoute from "../../app/api/report/route";
import { auditLog, users } from "../../db/schema";
import * as actions from "../../lib/actions";
import { perform } from "../../lib/actions";
import { createUser } from "../../lib/auth/accounts";
import { parseEnv } from "../../lib/config/env";
import { findCjkFont } from "../../lib/plans/report-pdf-font";
import { createAppServices, type AppServices } from "../../lib/services/app-services";
import { currentReport } from "../../lib/services/report-cache";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";
import { pdfText } from "../support/pdf-text";
import { DATASET_NAME, seedReportFixture } from "../support/report-fixture";

/**
 * The churn report as a PDF (issue #16), on both databases: GET /api/report?format=pdf answers a
 * real PDF whose extracted text (through the embedded font's ToUnicode map) is the report's
 * Chinese, and the PDF has exactly the HTML's and Markdown's readers.
 */

const PASSWORD = "Report-pdf-pass-2026!";

describeEachDb("report PDF download (%s)", (kind) => {
  let db: TestDb;
  let s: AppServices;
  const cookies = { viewer: "", admin: "", mustChange: "" };

  const get = (format: string, cookie?: string) =>
    reportRoute.GET(new Request(`http://localhost/api/report?format=${format}`, { headers: cookie ? { cookie } : {} }));

  beforeAll(async () => {
    db = await createTestDb(kind);
    s = await createAppServices(parseEnv({ ...process.env, ARK_API_KEY: "", LLM_API_KEY: "", LOG_LEVEL: "warn" }), { dbHandle: db, runPlans: false });
    registerRestAdapter(createRestAdapter(s));
    await seedReportFixture(db.db);
    for (const [key, role] of [
      ["viewer", "viewer"],
      ["admin", "admin"],
      ["mustChange", "viewer"],
    ] as const) {
      const email = `${key.toLowerCase()}.pdf@example.com`;
      await createUser(db.db, { email, password: PASSWORD, role });
      cookies[key] = `cg_session=${(await perform(s, null, actions.login, { email, password: PASSWORD })).token}`;
      // An admin's password reset: the account may sign in but reads nothing until it picks its own.
      if (key === "mustChange") await db.db.update(users).set({ mustChangePassword: true }).where(eq(users.email, email));
    }
  }, 120_000);

  afterAll(async () => {
    await s?.close();
    await db?.destroy();
  });

  it("the machine has a CJK font to embed (fonts-wqy-microhei from scripts/setup-system.sh)", () => {
    expect(findCjkFont(), "install fonts-wqy-microhei or set REPORT_PDF_FONT").not.toBeNull();
  });

  it("a viewer downloads a PDF whose text is the report's Chinese, with the font embedded", async () => {
    const r = await get("pdf", cookies.viewer);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/pdf");
    expect(r.headers.get("content-disposition")).toContain('filename="churn_report.pdf"');
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    const raw = Buffer.from(bytes).toString("latin1");
    expect(raw).toMatch(/\/FontFile2? \d+ 0 R/);
    expect(raw).toMatch(/\/ToUnicode \d+ 0 R/);

    const text = pdfText(bytes);
    const report = (await currentReport(s.db, s.reports)).document;
    expect(report.title).toBe("客户流失分析报告");
    expect(text.split("\n")[0]).toBe(report.title);
    for (const section of report.sections) expect(text, section.title).toContain(section.title);
    // The dataset's name is text in a PDF, angle brackets and all.
    expect(text).toContain(DATASET_NAME);
    expect(text.replace(/\n/g, "")).toContain("本报告不构成投资建议");
    expect(text).not.toContain("\uFFFD");
  });

  it("audits the download as export_report_pdf", async () => {
    const rows = await s.db.select().from(auditLog).where(eq(auditLog.action, "export_report_pdf"));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.at(-1)!.actor).toBe("viewer.pdf@example.com");
  });

  it("has the HTML's and Markdown's readers: 401 signed out, 403 before a reset password is replaced, 200 for viewer and admin", async () => {
    const expected = { anonymous: 401, mustChange: 403, viewer: 200, admin: 200 } as const;
    for (const [who, status] of Object.entries(expected)) {
      const cookie = who === "anonymous" ? undefined : cookies[who as keyof typeof cookies];
      for (const format of ["pdf", "html", "md"]) {
        const r = await get(format, cookie);
        expect(r.status, `${who} ${format}`).toBe(status);
        if (status !== 200) expect(((await r.json()) as { code: string }).code).toBe(status === 401 ? "UNAUTHENTICATED" : "PASSWORD_CHANGE_REQUIRED");
        else await r.arrayBuffer();
      }
    }
  });

  it("names the field and the formats for an unknown format", async () => {
    const r = await get("docx", cookies.viewer);
    expect(r.status).toBe(400);
    const body = (await r.json()) as { field: string; message: string };
    expect(body.field).toBe("format");
    expect(body.message).toContain("pdf");
  });
});
