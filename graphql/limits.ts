import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from "graphql";

/** Bounds for one operation, applied on HTTP and WebSocket alike. */
export const LIMITS = {
  maxDepth: 10,
  maxAliases: 30,
  maxCost: 5000,
  /** Characters in a query document. */
  maxQueryLength: 20_000,
  /** Bytes in an HTTP body or a WebSocket message. */
  maxPayloadBytes: 256 * 1024,
  maxSubscriptionsPerConnection: 20,
} as const;

function limitError(limit: "depth" | "aliases" | "cost", message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "QUERY_TOO_COMPLEX", limit } });
}

/**
 * Walks each operation once: depth (fragments expanded, cycles guarded), aliases, and a cost
 * where a list field multiplies its children by its page size (`first`/`limit`, default 20).
 * Each fragment is measured once and its figures reused: expanding spreads afresh let a
 * document of n fragments that each spread the next one twice cost 2^n steps of validation
 * (n = 22 took 2.6 s, before any authentication), a CPU denial of service.
 */
/**
 * Fields whose work follows an argument rather than their selection: a SHAP sample of n rows costs
 * n / 10 (the schema's defaults when the argument is absent, the largest allowed when it is a
 * variable), so twenty aliased 5,000-row summaries are refused like any other expensive query.
 */
const SAMPLED_FIELDS: Record<string, { default: number; max: number }> = {
  shapSummary: { default: 1000, max: 5000 },
  shapDependence: { default: 2000, max: 10000 },
};

function sampleCost(field: FieldNode): number {
  const spec = SAMPLED_FIELDS[field.name.value];
  if (!spec) return 0;
  const arg = field.arguments?.find((a) => a.name.value === "sampleSize");
  const n = !arg ? spec.default : arg.value.kind === Kind.INT ? Math.min(spec.max, Math.max(0, Number(arg.value.value))) : spec.max;
  return Math.ceil(n / 10);
}

export function complexityRule(limits: { maxDepth: number; maxAliases: number; maxCost: number } = LIMITS): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);

    type Measure = { depth: number; aliases: number; cost: number };
    const memo = new Map<string, Measure>();
    const inProgress = new Set<string>();

    /** Figures of a selection set, depth counted from its own level (a leaf field is 1). */
    const measure = (set: SelectionSetNode): Measure => {
      let depth = 0;
      let aliases = 0;
      let cost = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          if (sel.alias) aliases++;
          let multiplier = 1;
          for (const arg of sel.arguments ?? []) {
            if ((arg.name.value === "first" || arg.name.value === "limit") && arg.value.kind === Kind.INT) multiplier = Math.max(1, Number(arg.value.value));
            else if (arg.name.value === "first" || arg.name.value === "limit") multiplier = 200;
          }
          cost += sampleCost(sel);
          if (sel.selectionSet) {
            const child = measure(sel.selectionSet);
            depth = Math.max(depth, 1 + child.depth);
            aliases += child.aliases;
            cost += 1 + multiplier * child.cost;
          } else {
            depth = Math.max(depth, 1);
            cost += 1;
          }
        } else {
          const child = sel.kind === Kind.INLINE_FRAGMENT ? measure(sel.selectionSet) : fragment(sel.name.value);
          depth = Math.max(depth, child.depth);
          aliases += child.aliases;
          cost += child.cost;
        }
      }
      return { depth, aliases, cost };
    };

    const fragment = (name: string): Measure => {
      const known = memo.get(name);
      if (known) return known;
      const frag = fragments.get(name);
      // Unknown fragments and cycles are reported by the standard rules; count them as empty here.
      if (!frag || inProgress.has(name)) return { depth: 0, aliases: 0, cost: 0 };
      inProgress.add(name);
      const m = measure(frag.selectionSet);
      inProgress.delete(name);
      memo.set(name, m);
      return m;
    };

    return {
      OperationDefinition(node) {
        const m = measure(node.selectionSet);
        if (m.depth > limits.maxDepth) context.reportError(limitError("depth", `查询嵌套过深：${m.depth} 层，上限 ${limits.maxDepth} (query depth ${m.depth} exceeds ${limits.maxDepth})`));
        if (m.aliases > limits.maxAliases) context.reportError(limitError("aliases", `别名过多：${m.aliases} 个，上限 ${limits.maxAliases} (too many aliases)`));
        if (m.cost > limits.maxCost) context.reportError(limitError("cost", `查询代价过高：${m.cost}，上限 ${limits.maxCost} (query cost ${m.cost} exceeds ${limits.maxCost})`));
      },
    };
  };
}

/** Rejects introspection fields when introspection is off (also over WebSocket, which Apollo doesn't guard). */
export const noIntrospectionRule: ValidationRule = (context) => ({
  Field(node) {
    const name = node.name.value;
    if (name === "__schema" || name === "__type") {
      context.reportError(new GraphQLError("内省已关闭 (introspection is disabled)", { nodes: [node], extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }));
    }
  },
});
