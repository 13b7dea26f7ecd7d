/**
 * Per-server state lives in the composition root (AppServices and what it owns), never in
 * module singletons: two servers in one process (two databases in one test process) must not
 * share a cache. This scans lib/, graphql/ and db/ for module-level mutable bindings:
 *
 * - every top-level `let` / `var`;
 * - every top-level `const x = new Map | Set | WeakMap | WeakSet(...)` that the file mutates
 *   (`x.set/add/delete/clear(...)`); one that is only read is a constant table.
 *
 * Each must be on ALLOWED with the reason it is not per-server state. Entries that no longer
 * match anything fail too, so the list stays short and true.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SCANNED = ["lib", "graphql", "db"];
const SKIPPED = new Set(["graphql/generated"]);

/** "file:binding" → why it may be module-level. */
const ALLOWED: Record<string, string> = {
  "lib/config/secrets.ts:registered":
    "redaction registry for log output: logs are process-wide, so a secret any server loaded must be scrubbed from every line",
  "lib/auth/password.ts:common": "lazily loaded bundled common-password list (immutable data)",
  "lib/auth/password.ts:dummy": "memo of one dummy hash used to equalise login timing (a constant, computed once)",
  "lib/ml/xgboost-wasm.ts:loading": "loader promise of the wasm module (compiled code, one per process)",
  "lib/ml/predict.ts:compiledCache": "WeakMap keyed by the immutable ensemble object: a pure memo of its compiled form",
  "lib/auth/accounts.ts:credentialMemos":
    "per-database memo (WeakMap keyed by the db handle): invalidated by functions that only receive that handle; see the comment there",
  "lib/monitor/settings.ts:overrides":
    "tests' monitoring overrides keyed by the db handle: the process-wide lifecycle hooks receive only that handle",
  "lib/workers/run-worker-job.ts:live": "number of live worker-job threads per entry file: threads belong to the process, not to a server",
  "lib/runtime/fair-turns.ts:pumping":
    "whether the turn queue has a release scheduled: turns share out the process's one event loop, which every server in it shares",
  "lib/workers/spawn-ts-worker.ts:spares": "idle pre-started worker threads per entry file: threads belong to the process, not to a server",
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    if (e === "node_modules" || e.startsWith(".")) continue;
    const p = path.join(dir, e);
    if (SKIPPED.has(path.relative(ROOT, p))) continue;
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.tsx?$/.test(e) && !e.endsWith(".d.ts") && !e.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

const COLLECTIONS = new Set(["Map", "Set", "WeakMap", "WeakSet"]);
const MUTATORS = new Set(["set", "add", "delete", "clear"]);

function unwrap(e: ts.Expression): ts.Expression {
  while (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isParenthesizedExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
  return e;
}

function mutatedNames(sf: ts.SourceFile): Set<string> {
  const out = new Set<string>();
  const visit = (n: ts.Node) => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ts.isIdentifier(n.expression.expression) && MUTATORS.has(n.expression.name.text)) {
      out.add(n.expression.expression.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** Module-level mutable bindings of one file, as "file:name". */
export function moduleState(file: string, text: string): string[] {
  const rel = path.relative(ROOT, file).split(path.sep).join("/");
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const mutated = mutatedNames(sf);
  const found: string[] = [];
  for (const st of sf.statements) {
    if (!ts.isVariableStatement(st)) continue;
    const isConst = (st.declarationList.flags & ts.NodeFlags.Const) !== 0;
    for (const d of st.declarationList.declarations) {
      const name = d.name.getText(sf);
      if (!isConst) {
        found.push(`${rel}:${name}`);
        continue;
      }
      const init = d.initializer && unwrap(d.initializer);
      if (init && ts.isNewExpression(init) && ts.isIdentifier(init.expression) && COLLECTIONS.has(init.expression.text) && mutated.has(name)) {
        found.push(`${rel}:${name}`);
      }
    }
  }
  return found;
}

describe("module state", () => {
  const found = SCANNED.flatMap((d) => sourceFiles(path.join(ROOT, d))).flatMap((f) => moduleState(f, readFileSync(f, "utf8")));

  it("every module-level let/var and mutated Map/Set/WeakMap is on the explained allowlist", () => {
    expect(found.filter((k) => !(k in ALLOWED))).toEqual([]);
  });

  it("the allowlist names only bindings that exist (it stays short and true)", () => {
    expect(Object.keys(ALLOWED).filter((k) => !found.includes(k))).toEqual([]);
  });

  it("the scan finds what it must: a top-level let, a mutated Map, not a read-only Set or a class field", () => {
    const src = [
      "let counter = 0;",
      "const cache = new Map<string, number>();",
      "export function put(k: string) { cache.set(k, 1); counter++; }",
      "const KINDS = new Set(['a', 'b']);",
      "export const has = (k: string) => KINDS.has(k);",
      "export class Owner { readonly m = new Map(); add() { this.m.set(1, 1); } }",
      "const memo = new WeakMap() as WeakMap<object, number>;",
      "export function remember(o: object) { memo.set(o, 1); }",
    ].join("\n");
    expect(moduleState(path.join(ROOT, "lib/x.ts"), src)).toEqual(["lib/x.ts:counter", "lib/x.ts:cache", "lib/x.ts:memo"]);
  });
});
