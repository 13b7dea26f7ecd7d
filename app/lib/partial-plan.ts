/**
 * The readable fields of a retention plan while the model is still writing its JSON: each string
 * field as far as it has arrived (an unterminated string counts), in the plan's field order.
 */
export interface PartialPlan {
  riskSummary?: string;
  actions: { channel?: string; action?: string; timing?: string }[];
  offer?: string;
  offerStrength?: string;
  script?: string;
  expectedEffect?: string;
  followUp?: string;
}

const STRING_FIELDS = ["riskSummary", "offer", "offerStrength", "script", "expectedEffect", "followUp"] as const;

/** JSON string escapes of a string that may end mid-escape. */
function unescape(raw: string): string {
  return raw.replace(/\\(u[0-9a-fA-F]{4}|["\\/bfnrt])|\\(u[0-9a-fA-F]{0,3})?$/g, (_m, esc: string | undefined) => {
    if (esc === undefined) return ""; // an escape cut off at the end
    if (esc.startsWith("u")) return String.fromCharCode(parseInt(esc.slice(1), 16));
    return ({ n: "\n", t: "\t", r: "", b: "", f: "", '"': '"', "\\": "\\", "/": "/" } as Record<string, string>)[esc] ?? esc;
  });
}

function stringsOf(text: string, key: string): string[] {
  const re = new RegExp(`"${key}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)`, "g");
  return [...text.matchAll(re)].map((m) => unescape(m[1] ?? ""));
}

export function partialPlan(text: string): PartialPlan {
  const out: PartialPlan = { actions: [] };
  for (const key of STRING_FIELDS) {
    const v = stringsOf(text, key)[0];
    if (v !== undefined) out[key] = v;
  }
  const start = text.indexOf('"actions"');
  if (start >= 0) {
    // Each action object in order; a field belongs to the object it appears in.
    const body = text.slice(start);
    const end = body.indexOf("]");
    const list = end >= 0 ? body.slice(0, end) : body;
    for (const obj of list.split("{").slice(1)) {
      out.actions.push({ channel: stringsOf(obj, "channel")[0], action: stringsOf(obj, "action")[0], timing: stringsOf(obj, "timing")[0] });
    }
  }
  return out;
}

/** Whether anything readable has arrived yet. */
export function hasFields(p: PartialPlan): boolean {
  return p.actions.length > 0 || STRING_FIELDS.some((k) => p[k] !== undefined);
}
