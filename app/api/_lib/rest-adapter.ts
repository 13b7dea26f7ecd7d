/**
 * The REST routes' adapter: parses the seed API's shapes, calls one action and maps the result to
 * the seed's JSON. It runs in the server's process (server.ts registers it); Next's route handlers
 * reach it through the registry in ./registry.ts, so they share the server's services.
 */
import { z } from "zod";
import * as actions from "../../../lib/actions";
import type { Action, Actor } from "../../../lib/actions/action";
import { exportCampaignWorkbook } from "../../../lib/actions/export-campaign-workbook";
import { exportDataset } from "../../../lib/actions/export-dataset";
import { importCampaignWorkbook } from "../../../lib/actions/import-campaign-workbook";
import { perform } from "../../../lib/actions/perform";
import { requireActor } from "../../../lib/actions/policy";
import { authenticate } from "../../../lib/auth/request-auth";
import { FEATURE_COUNT } from "../../../lib/data/catalog";
import { AppError, isAppError } from "../../../lib/errors/app-error";
import { waitForRun } from "../../../lib/ml/training-service";
import type { AppServices } from "../../../lib/services/app-services";
import { waitForBatch } from "../../../lib/services/batch-wait";
import { getCustomerDetail, scopeOf } from "../../../lib/services/customer-queries";
import { datasetCounts } from "../../../lib/services/dataset-queries";
import { listRetentionPlans } from "../../../lib/services/plan-queries";
import { currentReport } from "../../../lib/services/report-cache";
import { activeScope } from "../../../lib/services/scope";
import type { ImportUpload, RestAdapter } from "./rest-types";
import { HEALTH_BODY } from "../../../lib/http/health";

/** The report's own policy: no scripts, no remote loads (it is served as a page of its own). */
const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'";

/** Runs an action and renames error fields to the names this REST caller sent (n_customers …). */
async function call<S extends z.ZodType, O>(s: AppServices, who: Actor | null, action: Action<S, O>, input: unknown, fields: Record<string, string> = {}): Promise<O> {
  try {
    return await perform(s, who, action, input);
  } catch (e) {
    if (isAppError(e) && e.field && fields[e.field]) {
      const from = e.field;
      const to = fields[from]!;
      throw new AppError(e.code, e.message.replaceAll(from, to), { field: to, details: e.details, retryAfterSeconds: e.retryAfterSeconds });
    }
    throw e;
  }
}

/** The customers list's filter and order in GET /api/customers/export?view=list (the GraphQL CustomerFilter's names). */
const LIST_QUERY_KEYS = ["status", "search", "branch", "openChannel", "riskTolerance", "customerType", "minAssets", "maxAssets", "riskLevel", "minProbability", "maxProbability", "hasPlan", "orderBy", "lang"] as const;
const NUMERIC_KEYS = new Set(["openChannel", "riskTolerance", "customerType", "minAssets", "maxAssets", "minProbability", "maxProbability"]);

/** Query strings to typed values; the action's schema says what is wrong with one (naming the parameter). */
function customerListFromQuery(query: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of LIST_QUERY_KEYS) {
    const v = query.get(key);
    if (v === null || v === "") continue;
    if (NUMERIC_KEYS.has(key)) out[key] = /^\s*$/.test(v) ? v : Number(v);
    else if (key === "hasPlan") out[key] = v === "true" ? true : v === "false" ? false : v;
    else if (key === "status" || key === "riskLevel") out[key] = v.toLowerCase();
    else out[key] = v;
  }
  return out;
}

/** Ids in paths and queries: plain decimal digits within int32 (no 0x1, 1e0, or 2^53 + 1). */
function parseId(text: string | null, field: string): number {
  if (text === null || !/^[1-9][0-9]{0,9}$/.test(text) || Number(text) > 2_147_483_647) {
    throw new AppError("BAD_USER_INPUT", `${field} 必须是 1 到 2147483647 之间的整数 (${field} must be an integer in 1..2147483647)`, { field });
  }
  return Number(text);
}

const trainBody = z
  .object({ n_customers: z.unknown().optional(), n_weeks: z.unknown().optional(), seed: z.unknown().optional() })
  .passthrough();

const predictBody = z.object({
  top_k: z.number().int("top_k 必须是整数 (an integer)").min(1, "top_k 最小为 1 (at least 1)").max(10_000, "top_k 最大为 10000 (at most 10000)").default(100),
  wait: z.boolean().default(true),
});

function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const r = schema.safeParse(body ?? {});
  if (!r.success) {
    const i = r.error.issues[0];
    const field = i?.path.map(String).join(".") || "body";
    throw new AppError("BAD_USER_INPUT", `${field}: ${i?.message ?? "invalid"}`, { field });
  }
  return r.data;
}

/** An upload as the import actions' input (absent parts left out, so the action names what is missing). */
function importInput(u: ImportUpload) {
  return {
    customers: u.customers,
    activity: u.activity,
    events: u.events,
    weekly: u.weekly,
    mapping: u.mapping,
    ...(u.forTraining ? { forTraining: true } : {}),
    ...(u.name ? { name: u.name } : {}),
    ...(u.uploadId ? { uploadId: u.uploadId } : {}),
  };
}

export function createRestAdapter(s: AppServices): RestAdapter {
  return {
    authenticate: (headers) => authenticate(s.db, headers.get("authorization"), headers.get("cookie")),

    // The action's own policy, so the route and `perform` cannot disagree about who may upload.
    mayUpload: (who, upload) => {
      const action = upload === "dataset" ? actions.importDataset : actions.importModel;
      const role = action.policy.role;
      return requireActor(who, role === "anyone" ? "signed-in" : role);
    },

    health: async () => ({ status: 200, json: { ...HEALTH_BODY } }),

    login: async (body, clientKey) => {
      const input = parseBody(z.object({ email: z.string().max(254), password: z.string().max(200) }), body);
      const r = await perform(s, null, actions.login, { ...input, clientKey });
      return {
        status: 200,
        json: { status: "success", email: r.user.email, role: r.user.role, must_change_password: r.user.mustChangePassword },
        sessionToken: r.token,
      };
    },

    logout: async (token) => {
      await perform(s, null, actions.logout, { sessionToken: token });
      return { status: 200, json: { status: "success" } };
    },

    train: async (who, body) => {
      const b = parseBody(trainBody, body);
      const generate = b.n_customers !== undefined || b.n_weeks !== undefined || b.seed !== undefined;
      const fields = { nCustomers: "n_customers", nWeeks: "n_weeks", "input.nCustomers": "n_customers", "input.nWeeks": "n_weeks" };
      // The seed endpoint generated a dataset when asked to, then trained on it.
      if (generate) await call(s, who, actions.generateDataset, { nCustomers: b.n_customers, nWeeks: b.n_weeks, seed: b.seed }, fields);
      const run = await call(s, who, actions.trainModel, {}, fields);
      const done = await waitForRun(s.training, run.id);
      if (done.status !== "succeeded") throw new Error(`模型训练失败：${done.error ?? "未知错误"} (training failed)`);
      const ds = await activeScope(s);
      return {
        status: 200,
        json: {
          status: "success",
          message: "模型训练完成",
          // The customers the model scores: those active at the dataset's as-of date.
          customer_count: ds.dataset ? (await datasetCounts(s.db, ds.dataset.id)).active : 0,
          feature_count: FEATURE_COUNT,
          model_run_id: done.id,
          metrics: done.metrics,
        },
      };
    },

    predict: async (who, body) => {
      const b = parseBody(predictBody, body);
      const r = await call(s, who, actions.predictRisk, { topK: b.top_k, generatePlans: true }, { topK: "top_k" });
      // The seed API answered with the finished plans; keep that unless the caller opts out.
      if (r.batch && b.wait) await waitForBatch(s, r.batch.id);
      const plans = r.batch ? await listRetentionPlans(s.db, { batchId: r.batch.id, first: 10_000 }) : null;
      return {
        status: 200,
        json: {
          status: "success",
          high_risk_count: r.highRisk.length,
          plans_count: plans?.items.filter((i) => i.node.status === "done").length ?? 0,
          batch_id: r.batch?.id ?? null,
          retention_plans: (plans?.items ?? []).map(({ node }) => ({
            customer_id: node.customerId,
            churn_probability: node.probability,
            risk_level: node.riskLevel,
            priority: node.priority,
            status: node.status,
            plan: node.plan,
            source: node.source,
            compliance_status: node.complianceStatus,
          })),
        },
      };
    },

    customerInfo: async (who, id) => {
      requireActor(who, "viewer");
      if (id.length > 64 || id.includes("\0")) throw new AppError("BAD_USER_INPUT", "客户编号无效或过长，最长 64 个字符 (id invalid or longer than 64 characters)", { field: "id" });
      const { dataset, run } = await activeScope(s);
      const d = dataset ? await getCustomerDetail(s.db, scopeOf(dataset, run), id) : null;
      if (!d) throw new AppError("NOT_FOUND", `客户 ${id} 不存在 (customer not found)`, { field: "id" });
      const c = d.customer;
      return {
        status: 200,
        json: {
          status: "success",
          customer_info: {
            customer_id: c.id,
            customer_type: c.customerType,
            risk_tolerance: c.riskTolerance,
            age: c.age,
            tenure_months: c.tenureMonths,
            churn_probability: d.prediction?.probability ?? null,
            risk_level: d.prediction?.riskLevel ?? null,
            features: d.features,
            shap_values: d.prediction?.shap ?? null,
            weekly: d.weekly.map(({ datasetId: _d, customerId: _c, ...w }) => w),
            latest_plan: d.latestPlan?.plan ?? null,
          },
        },
      };
    },

    plansWorkbook: async (who, batchIdText) => {
      const batchId = batchIdText === null ? undefined : parseId(batchIdText, "batchId");
      const r = await perform(s, who, actions.exportPlans, { batchId });
      return { status: 200, stream: r.chunks, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename: r.filename };
    },

    modelFile: async (who, idText, format) => {
      const id = parseId(idText, "id");
      const r = await perform(s, who, actions.exportModel, { id, format: format ?? undefined });
      return { status: 200, body: r.body, contentType: r.format === "binary" ? "application/octet-stream" : "application/json", filename: r.filename };
    },

    customersCsv: async (who, query) => {
      const list = query.get("view") === "list" ? customerListFromQuery(query) : undefined;
      const fields = Object.fromEntries(LIST_QUERY_KEYS.map((k) => [`list.${k}`, k]));
      const r = await call(s, who, actions.exportCustomers, { format: query.get("format") ?? undefined, ...(list ? { list } : {}) }, fields);
      return { status: 200, stream: r.chunks, contentType: "text/csv; charset=utf-8", filename: r.filename };
    },

    datasetExport: async (who, idText, format, file) => {
      const id = parseId(idText, "id");
      const r = await perform(s, who, exportDataset, { id, ...(format === null ? {} : { format }), ...(file === null ? {} : { file }) });
      return { status: 200, body: r.body, contentType: r.contentType, filename: r.filename };
    },

    report: async (who, format) => {
      requireActor(who, "viewer");
      const fmt = format ?? "html";
      if (fmt !== "md" && fmt !== "html" && fmt !== "pdf") throw new AppError("BAD_USER_INPUT", "format 只能是 md、html 或 pdf (md, html or pdf)", { field: "format" });
      if (fmt === "pdf") {
        const pdf = await perform(s, who, actions.exportReportPdf, {});
        return { status: 200, body: pdf.body, contentType: "application/pdf", filename: pdf.filename };
      }
      const r = await currentReport(s.db, s.reports);
      return fmt === "md"
        ? { status: 200, body: r.markdown, contentType: "text/markdown; charset=utf-8", filename: "churn_report.md" }
        : { status: 200, body: r.html, contentType: "text/html; charset=utf-8", headers: { "content-security-policy": REPORT_CSP } };
    },

    importModel: async (who, json) => {
      const run = await perform(s, who, actions.importModel, { json });
      return { status: 200, json: { status: "success", model_run_id: run.id, active: run.isActive } };
    },

    importDataset: async (who, upload) => {
      const r = await perform(s, who, actions.importDataset, importInput(upload));
      const d = r.dataset;
      return {
        status: 200,
        json: { status: "success", dataset_id: d.id, customer_count: d.nCustomers, weeks: d.nWeeks, churn_rate: d.churnRate, scored: 0, warnings: r.warnings, summary: r.summary, mapping: r.profile },
      };
    },

    appendDatasetWeeks: async (who, idText, upload) => {
      const datasetId = parseId(idText, "id");
      if (!upload.activity) throw new AppError("BAD_USER_INPUT", "缺少新周的活动文件 activity (the new weeks' activity file is required)", { field: "activity" });
      const r = await perform(s, who, actions.appendDatasetWeeks, {
        datasetId,
        activity: upload.activity,
        customers: upload.customers,
        events: upload.events,
        mapping: upload.mapping,
      });
      const d = r.dataset;
      return {
        status: 200,
        json: {
          status: "success",
          dataset_id: d.id,
          weeks_added: r.weeksAdded,
          weeks: d.nWeeks,
          as_of_week: d.asOfWeek,
          customer_count: d.nCustomers,
          outcomes_recorded: r.outcomes.map((o) => o.id),
          scoring_job_id: r.scoringJob?.id ?? null,
          warnings: r.warnings,
          summary: r.summary,
          mapping: r.profile,
        },
      };
    },

    importPreview: async (who, upload, maxErrors) => {
      const p = await perform(s, who, actions.previewImport, { ...importInput(upload), ...(maxErrors === null ? {} : { maxErrors }) });
      return { status: 200, json: { status: p.ok ? "success" : "invalid", ...p } };
    },

    importUploadFiles: async (who, upload) => {
      const u = await perform(s, who, actions.uploadImportFiles, { customers: upload.customers, activity: upload.activity, events: upload.events });
      return { status: 200, json: { status: "success", upload_id: u.id, expires_at: u.expiresAt.toISOString(), files: u.files } };
    },

    importErrorsCsv: async (who, upload) => {
      const r = await perform(s, who, actions.importErrorsCsv, importInput(upload));
      return { status: 200, body: r.body, contentType: "text/csv; charset=utf-8", filename: r.filename, headers: { "x-import-error-count": String(r.total) } };
    },

    campaignWorkbook: async (who, idText) => {
      const r = await perform(s, who, exportCampaignWorkbook, { campaignId: parseId(idText, "id") });
      return { status: 200, body: r.bytes, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename: r.filename };
    },

    importCampaignWorkbook: async (who, idText, file) => {
      const campaignId = parseId(idText, "id");
      if (!file) throw new AppError("BAD_USER_INPUT", "缺少文件字段 file (the multipart field `file` is missing)", { field: "file" });
      const r = await perform(s, who, importCampaignWorkbook, { campaignId, bytes: file });
      return { status: 200, json: { status: "success", rows: r.rows, updated: r.updated } };
    },
  };
}
