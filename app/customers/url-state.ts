import type { CustomerFilter, CustomerOrder, CustomerStatus, RiskLevel } from "../../graphql/generated/client/graphql";

/** The list's state as it lives in the URL query string, so a view can be linked and reloaded. */
export interface CustomerListState {
  /** Active customers unless the URL says otherwise: the ones a model scores. */
  status: CustomerStatus;
  q: string;
  risk: RiskLevel | "";
  type: "" | "0" | "1" | "2";
  minP: string;
  maxP: string;
  plan: "" | "yes" | "no";
  order: CustomerOrder;
  after: string;
}

const ORDERS: readonly CustomerOrder[] = ["RISK_DESC", "EXPECTED_LOSS_DESC", "ASSETS_DESC", "ID_ASC"];
const RISKS: readonly RiskLevel[] = ["HIGH", "MEDIUM", "LOW"];
export const STATUSES: readonly CustomerStatus[] = ["ACTIVE", "CHURNED", "ALL"];

export const DEFAULT_STATE: CustomerListState = { status: "ACTIVE", q: "", risk: "", type: "", minP: "", maxP: "", plan: "", order: "RISK_DESC", after: "" };

function pick<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value != null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function probability(value: string | null): string {
  if (value == null || value === "") return "";
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 && n <= 1 ? String(n) : "";
}

export function parseState(params: URLSearchParams): CustomerListState {
  return {
    status: pick(params.get("status")?.toUpperCase() ?? null, STATUSES, "ACTIVE"),
    q: (params.get("q") ?? "").slice(0, 64),
    risk: pick(params.get("risk"), RISKS, "" as RiskLevel),
    type: pick(params.get("type"), ["0", "1", "2"] as const, "" as "0"),
    minP: probability(params.get("minP")),
    maxP: probability(params.get("maxP")),
    plan: pick(params.get("plan"), ["yes", "no"] as const, "" as "yes"),
    order: pick(params.get("order"), ORDERS, "RISK_DESC"),
    after: params.get("after") ?? "",
  };
}

export function toSearch(state: CustomerListState): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(state)) {
    if (v === "" || (k === "order" && v === DEFAULT_STATE.order) || (k === "status" && v === DEFAULT_STATE.status)) continue;
    p.set(k, k === "status" ? v.toLowerCase() : v);
  }
  const s = p.toString();
  return s ? `?${s}` : "";
}

export function toFilter(state: CustomerListState): CustomerFilter {
  const f: CustomerFilter = { status: state.status };
  // Churned customers have no score: risk filters would only empty the list.
  if (state.status === "CHURNED") {
    if (state.type) f.customerType = Number(state.type);
    if (state.q.trim()) f.search = state.q.trim();
    return f;
  }
  if (state.risk) f.riskLevel = state.risk;
  if (state.type) f.customerType = Number(state.type);
  if (state.minP) f.minProbability = Number(state.minP);
  if (state.maxP) f.maxProbability = Number(state.maxP);
  if (state.plan) f.hasPlan = state.plan === "yes";
  if (state.q.trim()) f.search = state.q.trim();
  return f;
}
