import type { CustomerFilter, CustomerOrder, CustomerStatus, RiskLevel } from "../../graphql/generated/client/graphql";

/** The list's state as it lives in the URL query string, so a view can be linked and reloaded. */
export interface CustomerListState {
  /** Active customers unless the URL says otherwise: the ones a model scores. */
  status: CustomerStatus;
  q: string;
  risk: RiskLevel | "";
  type: "" | "0" | "1" | "2";
  /** 营业部, exact. */
  branch: string;
  /** 开户渠道 0 线上 / 1 营业部. */
  channel: "" | "0" | "1";
  /** 风险承受能力 0..4 = C1..C5. */
  tol: "" | "0" | "1" | "2" | "3" | "4";
  /** Total assets band in 元: min inclusive, max exclusive (what a segment's click-through sets). */
  minA: string;
  maxA: string;
  minP: string;
  maxP: string;
  plan: "" | "yes" | "no";
  order: CustomerOrder;
  /** Rows per page. */
  size: PageSize;
  after: string;
}

export const PAGE_SIZES = [20, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

const ORDERS: readonly CustomerOrder[] = ["RISK_DESC", "EXPECTED_LOSS_DESC", "ASSETS_DESC", "ID_ASC"];
const RISKS: readonly RiskLevel[] = ["HIGH", "MEDIUM", "LOW"];
export const STATUSES: readonly CustomerStatus[] = ["ACTIVE", "CHURNED", "ALL"];

export const DEFAULT_STATE: CustomerListState = {
  status: "ACTIVE",
  q: "",
  risk: "",
  type: "",
  branch: "",
  channel: "",
  tol: "",
  minA: "",
  maxA: "",
  minP: "",
  maxP: "",
  plan: "",
  order: "RISK_DESC",
  size: 20,
  after: "",
};

function pick<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value != null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function probability(value: string | null): string {
  if (value == null || value === "") return "";
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 && n <= 1 ? String(n) : "";
}

function amount(value: string | null): string {
  if (value == null || value === "") return "";
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 && n <= 1e15 ? String(n) : "";
}

export function parseState(params: URLSearchParams): CustomerListState {
  const size = Number(params.get("size"));
  return {
    status: pick(params.get("status")?.toUpperCase() ?? null, STATUSES, "ACTIVE"),
    q: (params.get("q") ?? "").slice(0, 64),
    risk: pick(params.get("risk"), RISKS, "" as RiskLevel),
    type: pick(params.get("type"), ["0", "1", "2"] as const, "" as "0"),
    branch: (params.get("branch") ?? "").slice(0, 100),
    channel: pick(params.get("channel"), ["0", "1"] as const, "" as "0"),
    tol: pick(params.get("tol"), ["0", "1", "2", "3", "4"] as const, "" as "0"),
    minA: amount(params.get("minA")),
    maxA: amount(params.get("maxA")),
    minP: probability(params.get("minP")),
    maxP: probability(params.get("maxP")),
    plan: pick(params.get("plan"), ["yes", "no"] as const, "" as "yes"),
    order: pick(params.get("order"), ORDERS, "RISK_DESC"),
    size: (PAGE_SIZES as readonly number[]).includes(size) ? (size as PageSize) : DEFAULT_STATE.size,
    after: params.get("after") ?? "",
  };
}

export function toSearch(state: CustomerListState): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(state)) {
    const key = k as keyof CustomerListState;
    if (v === "" || v === DEFAULT_STATE[key]) continue;
    p.set(k, k === "status" ? String(v).toLowerCase() : String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : "";
}

/**
 * The API filter for this state. `staff`: the viewer may search names (analyst or admin); the
 * API refuses name search to anyone else, so a viewer's search stays on ids.
 */
export function toFilter(state: CustomerListState, staff = false): CustomerFilter {
  const f: CustomerFilter = { status: state.status };
  if (state.type) f.customerType = Number(state.type);
  if (state.q.trim()) {
    f.search = state.q.trim();
    if (staff) f.searchNames = true;
  }
  if (state.branch) f.branch = state.branch;
  if (state.channel) f.openChannel = Number(state.channel);
  if (state.tol) f.riskTolerance = Number(state.tol);
  // Churned customers have no score: risk filters would only empty the list.
  if (state.status === "CHURNED") return f;
  if (state.minA) f.minAssets = Number(state.minA);
  if (state.maxA) f.maxAssets = Number(state.maxA);
  if (state.risk) f.riskLevel = state.risk;
  if (state.minP) f.minProbability = Number(state.minP);
  if (state.maxP) f.maxProbability = Number(state.maxP);
  if (state.plan) f.hasPlan = state.plan === "yes";
  return f;
}
