import { z } from "zod";
import { RISK_THRESHOLDS } from "../ml/risk";

/**
 * The shape of one retention plan, as the LLM must write it and as the template planner builds it.
 * Stored as JSON in retention_plans.plan and mirrored by GraphQL `PlanContent`.
 */
export const planActionSchema = z.object({
  channel: z.string().min(1).max(40),
  action: z.string().min(1).max(300),
  timing: z.string().min(1).max(60),
});

/** Stored and exchanged as codes; the UI, workbook and report show the localized label. */
export const PLAN_PRIORITIES = ["high", "medium", "low"] as const;
export type PlanPriority = (typeof PLAN_PRIORITIES)[number];

export const PRIORITY_LABEL: Readonly<Record<PlanPriority, { zh: string; en: string }>> = {
  high: { zh: "高", en: "High" },
  medium: { zh: "中", en: "Medium" },
  low: { zh: "低", en: "Low" },
};

// Plans written before priorities were codes (and models that answer with the glyph) say 高/中/低.
const PRIORITY_FROM_GLYPH: Readonly<Record<string, PlanPriority>> = { 高: "high", 中: "medium", 低: "low" };

export const planPrioritySchema = z.preprocess((v) => (typeof v === "string" ? (PRIORITY_FROM_GLYPH[v] ?? v) : v), z.enum(PLAN_PRIORITIES));

export const planContentSchema = z.object({
  priority: planPrioritySchema,
  riskSummary: z.string().min(10).max(600),
  actions: z.array(planActionSchema).min(1).max(6),
  offer: z.string(),
  offerStrength: z.enum(["无", "低", "中", "高"]),
  script: z.string().min(10).max(800),
  expectedEffect: z.string(),
  followUp: z.string(),
});

export type PlanContent = z.infer<typeof planContentSchema>;
export type PlanAction = z.infer<typeof planActionSchema>;

// A plan's priority follows the customer's risk level (same cut-offs as lib/ml/risk.ts).
export const HIGH_RISK_CUTOFF: number = RISK_THRESHOLDS.high;
export const MEDIUM_RISK_CUTOFF: number = RISK_THRESHOLDS.medium;

export function priorityForRisk(probability: number): PlanPriority {
  if (probability >= HIGH_RISK_CUTOFF) return "high";
  if (probability >= MEDIUM_RISK_CUTOFF) return "medium";
  return "low";
}

export type RiskLevel = "high" | "medium" | "low";

export function riskLevelForProbability(probability: number): RiskLevel {
  if (probability >= HIGH_RISK_CUTOFF) return "high";
  if (probability >= MEDIUM_RISK_CUTOFF) return "medium";
  return "low";
}

export const RISK_LEVEL_ZH: Readonly<Record<RiskLevel, string>> = { high: "高风险", medium: "中风险", low: "低风险" };

/**
 * The first complete JSON object in an LLM answer. Models wrap JSON in ```json fences or add a
 * sentence before/after it; we scan for a balanced object (string-aware) rather than trusting
 * the whole text to be JSON.
 */
export function extractJson(text: string): unknown {
  const fenced = /```(?:json|JSON)?\s*([\s\S]*?)```/.exec(text);
  const candidates = fenced?.[1] ? [fenced[1], text] : [text];
  let lastError: unknown;
  for (const candidate of candidates) {
    const trimmed = candidate.trim();
    try {
      return JSON.parse(trimmed);
    } catch (e) {
      lastError = e;
    }
    let from = trimmed.indexOf("{");
    while (from >= 0) {
      const end = balancedObjectEnd(trimmed, from);
      if (end < 0) break;
      try {
        return JSON.parse(trimmed.slice(from, end + 1));
      } catch (e) {
        lastError = e;
      }
      from = trimmed.indexOf("{", from + 1);
    }
  }
  const reason = lastError instanceof Error ? lastError.message : "no JSON object found";
  throw new Error(`回答中没有可解析的 JSON 对象 (no parseable JSON object: ${reason})`);
}

function balancedObjectEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === "\\") escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

export type ParsedPlan = { ok: true; plan: PlanContent } | { ok: false; error: string; zodError?: z.ZodError };

/** Parse and validate an LLM answer; the error names the offending fields for the repair prompt. */
export function parsePlanText(text: string): ParsedPlan {
  let json: unknown;
  try {
    json = extractJson(text);
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  const result = planContentSchema.safeParse(json);
  if (result.success) return { ok: true, plan: result.data };
  return { ok: false, error: formatZodIssues(result.error), zodError: result.error };
}

export function formatZodIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((i) => `${i.path.length ? i.path.join(".") : "(根对象)"}: ${i.message}`)
    .join("; ");
}

/** Offer strengths in increasing cost: a campaign's budget was spent at one strength per customer. */
export const OFFER_STRENGTH_RANK: Readonly<Record<"无" | "低" | "中" | "高", number>> = { 无: 0, 低: 1, 中: 2, 高: 3 };
