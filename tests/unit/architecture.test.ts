/**
 * The import rules of ARCHITECTURE.md, checked on every .ts/.tsx file under lib/, graphql/,
 * app/ and db/ (type-only imports included: a cycle through types is still a cycle):
 *
 * - lib/ and db/ never import from the adapters app/ and graphql/;
 * - no cycle between the top-level folders of lib/ (and db/);
 * - lib/actions may import any lib/ folder except lib/cli; no lib/ folder but lib/cli imports lib/actions.
 *
 * A failure lists each offending edge as "importer → imported" with the file that makes it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const SCANNED = ["lib", "graphql", "app", "db"];
const ADAPTERS = new Set(["app", "graphql"]);

interface Edge {
  from: string; // repository path of the importing file
  to: string; // repository path of the imported file (without extension when it does not exist)
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    if (e === "node_modules" || e.startsWith(".")) continue;
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.tsx?$/.test(e) && !e.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

function resolveRelative(fromFile: string, spec: string): string {
  const base = path.resolve(path.dirname(fromFile), spec);
  for (const c of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")]) {
    if (existsSync(c) && statSync(c).isFile()) return c;
  }
  return base;
}

/** Every relative import, re-export, dynamic import() and require() of the scanned files. */
function importEdges(): Edge[] {
  const edges: Edge[] = [];
  for (const top of SCANNED) {
    const dir = path.join(ROOT, top);
    if (!existsSync(dir)) continue;
    for (const file of sourceFiles(dir)) {
      const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
      for (const { fileName } of importedFiles) {
        if (!fileName.startsWith(".")) continue; // packages
        edges.push({ from: path.relative(ROOT, file), to: path.relative(ROOT, resolveRelative(file, fileName)) });
      }
    }
  }
  return edges;
}

/** "lib/<folder>" for files in lib/ (a file directly in lib/ is "lib"), else the top-level folder. */
function folderOf(repoPath: string): string {
  const parts = repoPath.split(/[\\/]/);
  if (parts[0] === "lib") return parts.length > 2 ? `lib/${parts[1]}` : "lib";
  return parts[0]!;
}

const isDomain = (folder: string) => folder === "lib" || folder.startsWith("lib/") || folder === "db";

/** Layer rules edge by edge: adapters, and lib/actions' place between adapters and the domain. */
function layerViolations(edges: Edge[]): string[] {
  const out: string[] = [];
  for (const e of edges) {
    const a = folderOf(e.from);
    const b = folderOf(e.to);
    if (isDomain(a) && ADAPTERS.has(b)) out.push(`${a} imports the adapter ${b}: ${e.from} → ${e.to}`);
    if (a === "lib/actions" && b === "lib/cli") out.push(`lib/actions imports the CLI: ${e.from} → ${e.to}`);
    if (b === "lib/actions" && isDomain(a) && a !== "lib/actions" && a !== "lib/cli") out.push(`${a} imports lib/actions (only adapters and lib/cli may): ${e.from} → ${e.to}`);
  }
  return out;
}

/**
 * Cycles between the folders of lib/ (and db/): each strongly connected group of folders is
 * reported once, as one cycle through it with a file edge for every step.
 */
function folderCycles(edges: Edge[]): string[] {
  const example = new Map<string, Edge>(); // "a→b" → one file edge
  const next = new Map<string, Set<string>>();
  for (const e of edges) {
    const a = folderOf(e.from);
    const b = folderOf(e.to);
    if (a === b || !isDomain(a) || !isDomain(b)) continue;
    if (!next.has(a)) next.set(a, new Set());
    next.get(a)!.add(b);
    if (!example.has(`${a}→${b}`)) example.set(`${a}→${b}`, e);
  }
  // Tarjan's strongly connected components.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let counter = 0;
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of [...(next.get(v) ?? [])].sort()) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);

  return groups.map((group) => {
    // A shortest way back to the group's first folder, staying inside the group.
    const start = group[0]!;
    const inGroup = new Set(group);
    const prev = new Map<string, string>();
    const queue = [start];
    let last: string | undefined;
    while (queue.length && !last) {
      const v = queue.shift()!;
      for (const w of [...(next.get(v) ?? [])].sort()) {
        if (!inGroup.has(w)) continue;
        if (w === start) {
          last = v;
          break;
        }
        if (!prev.has(w)) {
          prev.set(w, v);
          queue.push(w);
        }
      }
    }
    const cycle = [start];
    for (let v = last!; v !== start; v = prev.get(v)!) cycle.splice(1, 0, v);
    cycle.push(start);
    const steps = cycle.slice(1).map((b, i) => {
      const e = example.get(`${cycle[i]}→${b}`)!;
      return `${cycle[i]} → ${b} (${e.from} → ${e.to})`;
    });
    return `cycle ${cycle.join(" ⇄ ")}: ${steps.join("; ")}`;
  }).sort();
}

// ── the browser bundle ──
// Modules that hold database access, secrets, sessions, the LLM client or server orchestration
// must never be bundled for the browser. A 'use client' file's value imports (type-only imports
// are erased) are followed transitively; reaching one of these is a failure, with the path.
const SERVER_ONLY: readonly RegExp[] = [
  /^db\//,
  /^lib\/auth\//,
  /^lib\/config\//,
  /^lib\/plans\/llm-client\.ts$/,
  /^lib\/services\//,
  /^lib\/actions\//,
  /^lib\/cli\//,
  /^node:/,
];

/** Value imports of one file: repository paths for relative ones, `node:*` for builtins. */
function valueImports(file: string): string[] {
  const src = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const specs: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const c = node.importClause;
      const named = c?.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : undefined;
      const typeOnly = c?.isTypeOnly || (c && !c.name && named && named.length > 0 && named.every((e) => e.isTypeOnly));
      if (!typeOnly) specs.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && !node.isTypeOnly) {
      specs.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      specs.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(src);
  return specs.flatMap((spec) => {
    if (spec.startsWith("node:")) return [spec];
    if (!spec.startsWith(".")) return []; // packages
    return [path.relative(ROOT, resolveRelative(file, spec))];
  });
}

const isClientFile = (file: string) => /^\s*(\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*["']use client["']/.test(readFileSync(file, "utf8"));

/** For every 'use client' file under `roots`, each server-only module it reaches, as the import path. */
function clientBundleLeaks(clientFiles: readonly string[], importsOf: (repoPath: string) => string[]): string[] {
  const out: string[] = [];
  for (const root of clientFiles) {
    const prev = new Map<string, string | null>([[root, null]]);
    const queue = [root];
    while (queue.length) {
      const f = queue.shift()!;
      for (const to of importsOf(f)) {
        if (prev.has(to)) continue;
        prev.set(to, f);
        if (SERVER_ONLY.some((r) => r.test(to))) {
          const chain = [to];
          for (let p = prev.get(to); p; p = prev.get(p)) chain.unshift(p);
          out.push(chain.join(" → "));
          continue;
        }
        if (/\.tsx?$/.test(to)) queue.push(to);
      }
    }
  }
  return out.sort();
}

describe("architecture", () => {
  const edges = importEdges();

  it("finds the imports it checks", () => {
    // A parser that found nothing would pass every rule below.
    expect(edges.length).toBeGreaterThan(200);
    expect(edges).toContainEqual({ from: "lib/ml/scoring.ts", to: "db/schema.ts" });
  });

  it("keeps lib/ and db/ free of imports from the adapters, and lib/actions between adapters and domain", () => {
    expect(layerViolations(edges)).toEqual([]);
  });

  it("has no import cycle between the folders of lib/", () => {
    expect(folderCycles(edges)).toEqual([]);
  });

  it("reports a cycle and a forbidden edge it is shown (the checker itself)", () => {
    const fake: Edge[] = [
      { from: "lib/data/a.ts", to: "lib/ml/b.ts" },
      { from: "lib/ml/b.ts", to: "lib/plans/c.ts" },
      { from: "lib/plans/c.ts", to: "lib/data/d.ts" },
      { from: "lib/services/e.ts", to: "graphql/f.ts" },
      { from: "lib/ml/g.ts", to: "lib/actions/h.ts" },
      { from: "lib/actions/h.ts", to: "lib/cli/main.ts" },
      { from: "lib/cli/main.ts", to: "lib/actions/h.ts" },
    ];
    expect(folderCycles(fake)).toEqual([
      "cycle lib/data ⇄ lib/ml ⇄ lib/plans ⇄ lib/data: lib/data → lib/ml (lib/data/a.ts → lib/ml/b.ts); lib/ml → lib/plans (lib/ml/b.ts → lib/plans/c.ts); lib/plans → lib/data (lib/plans/c.ts → lib/data/d.ts)",
      // lib/cli → lib/actions → lib/cli is a cycle too: the CLI adapts actions, actions never call the CLI.
      "cycle lib/actions ⇄ lib/cli ⇄ lib/actions: lib/actions → lib/cli (lib/actions/h.ts → lib/cli/main.ts); lib/cli → lib/actions (lib/cli/main.ts → lib/actions/h.ts)",
    ].sort());
    expect(layerViolations(fake)).toEqual([
      "lib/services imports the adapter graphql: lib/services/e.ts → graphql/f.ts",
      "lib/ml imports lib/actions (only adapters and lib/cli may): lib/ml/g.ts → lib/actions/h.ts",
      "lib/actions imports the CLI: lib/actions/h.ts → lib/cli/main.ts",
    ]);
  });

  it("keeps server-only modules (db, auth, config, LLM client, services, actions) out of every 'use client' file's imports", () => {
    const clientFiles = sourceFiles(path.join(ROOT, "app"))
      .filter(isClientFile)
      .map((f) => path.relative(ROOT, f));
    expect(clientFiles.length).toBeGreaterThan(20);
    const cache = new Map<string, string[]>();
    const importsOf = (p: string) => {
      if (!cache.has(p)) cache.set(p, existsSync(path.join(ROOT, p)) ? valueImports(path.join(ROOT, p)) : []);
      return cache.get(p)!;
    };
    expect(clientBundleLeaks(clientFiles, importsOf)).toEqual([]);
    // The walk really follows imports into lib/: the error box reaches the error registry's texts.
    const reached = new Set<string>();
    const walk = (p: string) => {
      for (const to of importsOf(p)) {
        if (reached.has(to)) continue;
        reached.add(to);
        walk(to);
      }
    };
    walk("app/components/Status.tsx");
    expect(reached).toContain("lib/errors/registry.ts");
  });

  it("reports the import path by which a client file would reach a server-only module (the checker itself)", () => {
    const graph: Record<string, string[]> = {
      "app/a.tsx": ["app/lib/b.ts", "lib/data/catalog.ts"],
      "app/lib/b.ts": ["lib/plans/plan-schema.ts", "lib/config/secrets.ts"],
      "lib/plans/plan-schema.ts": ["lib/ml/risk.ts"],
      "app/c.tsx": ["lib/plans/llm-client.ts", "node:fs"],
    };
    expect(clientBundleLeaks(["app/a.tsx", "app/c.tsx"], (p) => graph[p] ?? [])).toEqual([
      "app/a.tsx → app/lib/b.ts → lib/config/secrets.ts",
      "app/c.tsx → lib/plans/llm-client.ts",
      "app/c.tsx → node:fs",
    ]);
  });
});
