// A vitest reporter that writes what scripts/test-summary.mjs needs and vitest's JSON reporter
// drops: errors of suites and files (a failing beforeAll/afterAll leaves only "failed" with an
// empty message there, and its tests look merely "skipped"), tests that never ran as opposed to
// tests skipped on purpose (with the reason), and unhandled errors.
//
// Use: vitest run --reporter=./scripts/vitest-outcome-reporter.mjs --outputFile.outcome=<file>
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** The reason a skipped test carries: `ctx.skip(note)`, else "[skipped: …]" in its or a parent suite's title. */
export function skipReason(test) {
  const note = test.result().note;
  if (note) return note;
  for (let node = test; node && node.type !== "module"; node = node.parent) {
    const m = /\[skipped: ([^\]]+)\]/.exec(node.name);
    if (m) return m[1];
  }
  return "no reason given";
}

const message = (e) => String(e?.message ?? e ?? "unknown error").split("\n")[0];

function suiteErrors(suite, prefix) {
  const out = [];
  for (const child of suite.children) {
    if (child.type !== "suite") continue;
    for (const e of child.errors()) out.push({ suite: `${prefix}${child.fullName}`, error: message(e) });
    out.push(...suiteErrors(child, prefix));
  }
  return out;
}

export function describeModule(module, root) {
  const file = path.relative(root, module.moduleId);
  const record = { file, state: module.state(), errors: [], passed: 0, failed: [], notRun: [], skipped: [], todo: 0 };
  for (const e of module.errors()) record.errors.push({ suite: "(file)", error: message(e) });
  record.errors.push(...suiteErrors(module, ""));
  for (const test of module.children.allTests()) {
    const r = test.result();
    if (r.state === "passed") record.passed += 1;
    else if (r.state === "failed") record.failed.push({ test: test.fullName, error: message(r.errors?.[0]) });
    else if (test.options.mode === "todo") record.todo += 1;
    // Declared skipped (describe.skip, it.skipIf, ctx.skip()) versus meant to run but did not
    // (its suite's beforeAll failed, the run was interrupted, the file errored).
    else if (r.state === "skipped" && (test.options.mode === "skip" || r.note !== undefined)) record.skipped.push({ test: test.fullName, reason: skipReason(test) });
    else record.notRun.push(test.fullName);
  }
  return record;
}

export default class OutcomeReporter {
  onInit(vitest) {
    this.vitest = vitest;
  }

  onTestRunEnd(modules, unhandledErrors, reason) {
    const config = this.vitest.config;
    const out = typeof config.outputFile === "object" ? config.outputFile?.outcome : undefined;
    if (!out) throw new Error("vitest-outcome-reporter: pass --outputFile.outcome=<file>");
    const report = {
      reason,
      files: modules.map((m) => describeModule(m, config.root)),
      unhandledErrors: unhandledErrors.map(message),
    };
    const target = path.resolve(config.root, out);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, JSON.stringify(report, null, 1));
  }
}
