import { z } from "zod";
import { login, logout, roleAtLeast, type Principal, type RoleCode } from "../auth/accounts";
import { RateLimiter } from "../auth/rate-limit";
import { authenticate } from "../auth/request-auth";
import { FEATURE_COUNT } from "../data/catalog";
import { toXgboostJson } from "../ml/model-json";
import { importXgboostJsonModel, startTraining, waitForRun } from "../ml/training-service";
import { importDataset, ImportValidationError, type ImportFile } from "../data/import";
import { buildCustomersCsv, buildPlansWorkbook } from "../plans/excel";
import { buildChurnReport } from "../plans/report";
import type { AppServices } from "./app-services";
import { audit } from "./audit";
import { getCustomerDetail } from "./customer-queries";
import { getModelRun, loadModel } from "./model-queries";
import { listRetentionPlans } from "./plan-queries";
import { classifyError, HTTP_STATUS } from "./domain-errors";
import { predictRisk } from "./prediction-service";
import { activeScope } from "./scope";
import { reportLlm } from "./report-llm";
import { rescoreActiveModel } from "./rescore";
import { waitForBatch } from "./batch-wait";

/** What a REST route sends back; the Next route handler turns it into a Response. */
export interface RestResult {
  status: number;
  json?: unknown;
  body?: Uint8Array | string;
  contentType?: string;
  filename?: string;
  headers?: Record<string, string>;
}


const error = (status: number, message: string, field?: string): RestResult => ({
  status,
  json: { status: "error", message, ...(field ? { field } : {}) },
});

function guard(p: Principal | null, role: RoleCode): RestResult | null {
  if (!p) return error(401, "请先登录或提供 API 令牌 (authentication required)");
  if (p.mustChangePassword) return error(403, "请先修改首次启动的一次性密码 (change the one-time password first)");
  if (!roleAtLeast(p.role, role)) return error(403, `权限不足：需要 ${role} 角色 (forbidden)`);
  return null;
}

function domainError(e: unknown): RestResult {
  const d = classifyError(e);
  if (!d) throw e;
  return error(HTTP_STATUS[d.kind], d.message, d.field);
}

const trainBody = z
  .object({
    n_customers: z.number().int().optional(),
    n_weeks: z.number().int().optional(),
    seed: z.number().int().optional(),
  })
  .passthrough();

const predictBody = z.object({
  top_k: z.number().int("top_k 必须是整数").min(1, "top_k 最小为 1").max(10_000, "top_k 最大为 10000").default(100),
  wait: z.boolean().default(true),
});

export interface RestFacade {
  authenticate(headers: Headers): Promise<Principal | null>;
  health(): Promise<RestResult>;
  login(body: unknown, clientKey: string): Promise<RestResult & { sessionToken?: string }>;
  logout(sessionToken: string | undefined): Promise<RestResult>;
  train(p: Principal | null, body: unknown): Promise<RestResult>;
  predict(p: Principal | null, body: unknown): Promise<RestResult>;
  customerInfo(p: Principal | null, id: string): Promise<RestResult>;
  plansWorkbook(p: Principal | null, batchId: string | null): Promise<RestResult>;
  modelFile(p: Principal | null, id: string, format: string | null): Promise<RestResult>;
  customersCsv(p: Principal | null, format: string | null): Promise<RestResult>;
  report(p: Principal | null, format: string | null): Promise<RestResult>;
  importModel(p: Principal | null, json: string): Promise<RestResult>;
  importDataset(p: Principal | null, files: { customers: ImportFile | null; weekly: ImportFile | null }): Promise<RestResult>;
}

export function createRestFacade(s: AppServices): RestFacade {
  const loginLimiter = new RateLimiter(s.env.RATE_LIMIT_LOGIN_PER_MIN, 60_000);
  const limited = (p: Principal): RestResult | null => {
    const wait = s.expensiveLimiter.take(p.id);
    return wait ? { ...error(429, "请求过于频繁，请稍后再试 (rate limited)"), headers: { "retry-after": String(Math.ceil(wait / 1000)) } } : null;
  };

  return {
    authenticate: (headers) => authenticate(s.db, headers.get("authorization"), headers.get("cookie")),

    health: async () => ({ status: 200, json: { status: "ok", message: "API服务器运行正常" } }),

    login: async (body, clientKey) => {
      const wait = loginLimiter.take(clientKey);
      if (wait) return { ...error(429, "登录尝试过多，请稍后再试 (too many login attempts)"), headers: { "retry-after": String(Math.ceil(wait / 1000)) } };
      const parsed = z.object({ email: z.string().max(254), password: z.string().max(200) }).safeParse(body);
      if (!parsed.success) return error(400, "需要 email 和 password (email and password required)");
      const r = await login(s.db, parsed.data.email, parsed.data.password);
      if (!r) {
        await audit(s.db, parsed.data.email.slice(0, 254), "login_failed", null);
        return error(401, "邮箱或密码错误 (invalid email or password)");
      }
      await audit(s.db, r.user.email, "login", null);
      return {
        status: 200,
        json: { status: "success", email: r.user.email, role: r.user.role, must_change_password: r.user.mustChangePassword },
        sessionToken: r.token,
      };
    },

    logout: async (token) => {
      if (token) await logout(s.db, token);
      return { status: 200, json: { status: "success" } };
    },

    train: async (p, body) => {
      const denied = guard(p, "admin") ?? limited(p!);
      if (denied) return denied;
      const parsed = trainBody.safeParse(body ?? {});
      if (!parsed.success) return domainError(parsed.error);
      try {
        const b = parsed.data;
        const run = await startTraining(s.training, { nCustomers: b.n_customers, nWeeks: b.n_weeks, seed: b.seed }, p!.email);
        await audit(s.db, p!.email, "train", `model_run:${run.id}`, { via: "rest", body: b });
        const done = await waitForRun(run.id);
        if (done.status !== "succeeded") return error(500, `模型训练失败：${done.error ?? "未知错误"} (training failed)`);
        const ds = await activeScope(s);
        return {
          status: 200,
          json: {
            status: "success",
            message: "模型训练完成",
            customer_count: ds.dataset?.nCustomers ?? 0,
            feature_count: FEATURE_COUNT,
            model_run_id: done.id,
            metrics: done.metrics,
          },
        };
      } catch (e) {
        return domainError(e);
      }
    },

    predict: async (p, body) => {
      const denied = guard(p, "analyst") ?? limited(p!);
      if (denied) return denied;
      const parsed = predictBody.safeParse(body ?? {});
      if (!parsed.success) return domainError(parsed.error);
      try {
        const r = await predictRisk(s, { topK: parsed.data.top_k, generatePlans: true }, p!.email);
        // The seed API answered with the finished plans; keep that unless the caller opts out.
        if (r.batch && parsed.data.wait) await waitForBatch(s, r.batch.id);
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
      } catch (e) {
        return domainError(e);
      }
    },

    customerInfo: async (p, id) => {
      const denied = guard(p, "viewer");
      if (denied) return denied;
      if (id.length > 64) return error(400, "客户编号过长 (id too long)", "id");
      const { dataset, run } = await activeScope(s);
      const d = dataset ? await getCustomerDetail(s.db, { datasetId: dataset.id, runId: run?.id ?? null }, id) : null;
      if (!d) return error(404, `客户 ${id} 不存在 (customer not found)`);
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

    plansWorkbook: async (p, batchId) => {
      const denied = guard(p, "analyst");
      if (denied) return denied;
      const id = batchId === null ? undefined : Number(batchId);
      if (id !== undefined && (!Number.isInteger(id) || id < 1)) return error(400, "batchId 必须是正整数 (batchId must be a positive integer)", "batchId");
      try {
        const buf = await buildPlansWorkbook(s.db, id === undefined ? {} : { batchId: id });
        await audit(s.db, p!.email, "export_plans", id ? `plan_batch:${id}` : "latest");
        return {
          status: 200,
          body: new Uint8Array(buf),
          contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          filename: `retention_plans${id ? `_${id}` : ""}.xlsx`,
        };
      } catch (e) {
        return domainError(e);
      }
    },

    modelFile: async (p, idText, format) => {
      const denied = guard(p, "analyst");
      if (denied) return denied;
      const id = Number(idText);
      if (!Number.isInteger(id) || id < 1) return error(400, "模型编号必须是正整数 (id must be a positive integer)", "id");
      const fmt = format ?? "json";
      if (fmt !== "json" && fmt !== "binary") return error(400, "format 只能是 json 或 binary", "format");
      const run = await getModelRun(s.db, id);
      if (!run?.modelBytes) return error(404, `模型 ${id} 不存在 (model not found)`);
      await audit(s.db, p!.email, "export_model", `model_run:${id}`, { format: fmt });
      if (fmt === "binary") {
        if (run.modelFormat !== "xgboost-binary") return error(400, "该模型为导入的 JSON 模型，请使用 format=json", "format");
        return { status: 200, body: run.modelBytes, contentType: "application/octet-stream", filename: `churn_model_${id}.bin` };
      }
      const model = await loadModel(s.db, id);
      if (!model) return error(404, `模型 ${id} 不存在 (model not found)`);
      return {
        status: 200,
        body: toXgboostJson(model.ensemble, run.featureNames),
        contentType: "application/json",
        filename: `churn_model_${id}.json`,
      };
    },

    customersCsv: async (p, format) => {
      const denied = guard(p, "analyst");
      if (denied) return denied;
      if ((format ?? "csv") !== "csv") return error(400, "format 只支持 csv", "format");
      try {
        const csv = await buildCustomersCsv(s.db);
        await audit(s.db, p!.email, "export_customers", null);
        return { status: 200, body: csv, contentType: "text/csv; charset=utf-8", filename: "customers.csv" };
      } catch (e) {
        return domainError(e);
      }
    },

    report: async (p, format) => {
      const denied = guard(p, "viewer");
      if (denied) return denied;
      const fmt = format ?? "html";
      if (fmt !== "md" && fmt !== "html") return error(400, "format 只能是 md 或 html", "format");
      try {
        const r = await buildChurnReport(s.db, { llm: reportLlm(s) });
        return fmt === "md"
          ? { status: 200, body: r.markdown, contentType: "text/markdown; charset=utf-8", filename: "churn_report.md" }
          : { status: 200, body: r.html, contentType: "text/html; charset=utf-8", headers: { "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'" } };
      } catch (e) {
        return domainError(e);
      }
    },

    importModel: async (p, json) => {
      const denied = guard(p, "admin");
      if (denied) return denied;
      try {
        const run = await importXgboostJsonModel(s.training, json, p!.email);
        s.cache.invalidate();
        await audit(s.db, p!.email, "import_model", `model_run:${run.id}`);
        return { status: 200, json: { status: "success", model_run_id: run.id, active: run.isActive } };
      } catch (e) {
        return domainError(e);
      }
    },

    importDataset: async (p, files) => {
      const denied = guard(p, "admin");
      if (denied) return denied;
      if (!files.customers) return error(400, "缺少客户文件字段 customers (CSV 或 XLSX)", "customers");
      try {
        const d = await importDataset(s.db, { customersFile: files.customers, weeklyFile: files.weekly ?? undefined });
        await audit(s.db, p!.email, "import_dataset", `dataset:${d.id}`, { customers: d.nCustomers, weeks: d.nWeeks });
        const scored = await rescoreActiveModel(s);
        return { status: 200, json: { status: "success", dataset_id: d.id, customer_count: d.nCustomers, weeks: d.nWeeks, churn_rate: d.churnRate, scored } };
      } catch (e) {
        if (e instanceof ImportValidationError) {
          return { status: 400, json: { status: "error", message: e.message, total_errors: e.total, errors: e.errors } };
        }
        return domainError(e);
      }
    },
  };
}
