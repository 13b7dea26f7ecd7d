import { GraphQLError, type ASTVisitor, type ValidationContext, type ValidationRule } from "graphql";

/**
 * Text PostgreSQL cannot store: a NUL character in a string argument reached the database as
 * a driver error and came back masked as INTERNAL_SERVER_ERROR. It is the caller's mistake, so
 * it is refused before execution, naming where it was found: in the document (this rule, for
 * HTTP and WebSocket alike) or in the variables (`nulInVariables`).
 */
export const nulInStringsRule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  StringValue(node) {
    if (node.value.includes("\0")) {
      context.reportError(
        new GraphQLError("字符串参数不能包含 NUL 字符 (string arguments must not contain NUL characters)", {
          nodes: [node],
          // Apollo re-codes validation errors; formatError maps this mark back to BAD_USER_INPUT.
          extensions: { code: "BAD_USER_INPUT", badInput: "nul" },
        }),
      );
    }
  },
});

/** The path of the first string holding a NUL character in a variables object (`variables.input.name`), or null. */
export function nulInVariables(value: unknown, path = "variables", depth = 0): string | null {
  if (typeof value === "string") return value.includes("\0") ? path : null;
  if (depth > 20 || value === null || typeof value !== "object") return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = nulInVariables(value[i], `${path}.${i}`, depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    if (k.includes("\0")) return `${path}.${k.replaceAll("\0", "\\0")}`;
    const hit = nulInVariables(v, `${path}.${k}`, depth + 1);
    if (hit) return hit;
  }
  return null;
}

export function nulVariableError(path: string): GraphQLError {
  return new GraphQLError(`${path}: 不能包含 NUL 字符 (must not contain NUL characters)`, { extensions: { code: "BAD_USER_INPUT", field: path } });
}
