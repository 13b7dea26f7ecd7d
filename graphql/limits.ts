import {
  GraphQLError,
  Kind,
  type ASTVisitor,
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
 */
export function complexityRule(limits: { maxDepth: number; maxAliases: number; maxCost: number } = LIMITS): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);

    const measure = (set: SelectionSetNode, depth: number, seen: Set<string>): { depth: number; aliases: number; cost: number } => {
      let maxDepth = depth;
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
          if (sel.selectionSet) {
            const child = measure(sel.selectionSet, depth + 1, seen);
            maxDepth = Math.max(maxDepth, child.depth);
            aliases += child.aliases;
            cost += 1 + multiplier * child.cost;
          } else cost += 1;
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          const child = measure(sel.selectionSet, depth, seen);
          maxDepth = Math.max(maxDepth, child.depth);
          aliases += child.aliases;
          cost += child.cost;
        } else {
          const name = sel.name.value;
          const frag = fragments.get(name);
          if (!frag || seen.has(name)) continue;
          const child = measure(frag.selectionSet, depth, new Set([...seen, name]));
          maxDepth = Math.max(maxDepth, child.depth);
          aliases += child.aliases;
          cost += child.cost;
        }
      }
      return { depth: maxDepth, aliases, cost };
    };

    return {
      OperationDefinition(node) {
        const m = measure(node.selectionSet, 1, new Set());
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
