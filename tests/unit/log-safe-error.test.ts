import { describe, expect, it } from "vitest";
import { logSafeError, statementName } from "../../db/log-safe-error";
import { pageCsp, sameOriginWebSocket } from "../../lib/config/csp";

class FakeDrizzleQueryError extends Error {
  constructor(
    readonly query: string,
    readonly params: unknown[],
    override readonly cause: unknown,
  ) {
    super(`Failed query: ${query}\nparams: ${params.join(",")}`);
    this.name = "DrizzleQueryError";
  }
}

describe("what of an error reaches a log", () => {
  it("names a failed statement by verb and table, with its SQLSTATE, never its parameters or message", () => {
    const pg = Object.assign(new Error('invalid input syntax for type integer: "victim@example.cn"'), { code: "22P02", severity: "ERROR" });
    const e = new FakeDrizzleQueryError('select "id", "email" from "users" where "users"."email" = $1', ["victim@example.cn"], pg);
    const safe = logSafeError(e);
    expect(safe).toMatchObject({ statement: "select users", sqlState: "22P02" });
    expect(JSON.stringify(safe)).not.toContain("victim");
    expect(statementName('insert into "audit_log" ("actor") values ($1)')).toBe("insert audit_log");
    expect(statementName('update "api_tokens" set "revoked_at" = now()')).toBe("update api_tokens");
    expect(statementName('delete from "sessions" where "token_hash" = $1')).toBe("delete sessions");
  });

  it("keeps ordinary errors readable but cuts a quoted query out of them", () => {
    expect(logSafeError(new TypeError("boom")).error).toBe("TypeError: boom");
    expect(logSafeError(new Error("训练失败：Failed query: select 1\nparams: 3f9a…")).error).toBe("Error: 训练失败：[query withheld]");
    expect(logSafeError("plain").error).toBe("plain");
  });
});

describe("page CSP", () => {
  it("connects to this origin only: 'self' and its own ws(s) URL, never any ws:/wss: host", () => {
    expect(pageCsp("n", false, sameOriginWebSocket("app.example.cn:8443", true))).toContain("connect-src 'self' wss://app.example.cn:8443;");
    expect(pageCsp("n", false, sameOriginWebSocket("127.0.0.1:3000", false))).toContain("connect-src 'self' ws://127.0.0.1:3000;");
    expect(pageCsp("n", false, null)).toContain("connect-src 'self';");
    expect(pageCsp("n", true, null)).not.toMatch(/ wss?: /);
    for (const host of ["a.cn; script-src *", "a b", "", "evil.cn/x", "[::1"]) expect(sameOriginWebSocket(host, false)).toBeNull();
  });
});
