// Adds up the outcome reports of scripts/vitest-outcome-reporter.mjs and prints what failed, what
// never ran and what was skipped on purpose (with the reason), then one closing line.
//
//   node scripts/test-summary.mjs <outcome.json>...
//   AUDIT_STATUS=passed|failed|unverified   what scripts/audit.sh answered (test-all.sh sets it)
//   FAILED_STEPS="lint typecheck"           earlier steps of test-all.sh that failed
//
// Exit 1 when a test failed, a test never ran, a file or suite errored, a report is missing (its
// runner died before writing) or a run had unhandled errors. An UNVERIFIED audit does not fail
// the run (test-all.sh decides that) but the closing line says so, so it never looks all-green.
import { existsSync, readFileSync } from "node:fs";

const totals = { passed: 0, failed: 0, notRun: 0, skipped: 0, todo: 0, erroredFiles: 0, missing: 0, unhandled: 0 };
const skipReasons = new Map();
const problems = [];

for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    totals.missing += 1;
    problems.push(`MISSING ${file}: no report written (that runner did not run or died before the end)`);
    continue;
  }
  let report;
  try {
    report = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    totals.missing += 1;
    problems.push(`UNREADABLE ${file}: ${e.message}`);
    continue;
  }
  let filePassed = 0;
  let fileFailed = 0;
  for (const f of report.files) {
    filePassed += f.passed;
    totals.passed += f.passed;
    totals.failed += f.failed.length;
    fileFailed += f.failed.length;
    totals.notRun += f.notRun.length;
    totals.skipped += f.skipped.length;
    totals.todo += f.todo;
    for (const s of f.skipped) skipReasons.set(s.reason, (skipReasons.get(s.reason) ?? 0) + 1);
    // A file can fail with no failed test (an afterAll threw, or vitest marked it failed).
    if (f.errors.length > 0 || (f.state === "failed" && f.failed.length === 0)) totals.erroredFiles += 1;
    for (const e of f.errors) problems.push(`ERROR   ${f.file} › ${e.suite}: ${e.error}`);
    if (f.state === "failed" && f.errors.length === 0 && f.failed.length === 0) problems.push(`ERROR   ${f.file}: failed without a reported error`);
    for (const t of f.failed) problems.push(`FAILED  ${f.file} › ${t.test}: ${t.error}`);
    for (const t of f.notRun) problems.push(`NOT RUN ${f.file} › ${t}`);
  }
  for (const e of report.unhandledErrors) problems.push(`UNHANDLED ${file}: ${e}`);
  totals.unhandled += report.unhandledErrors.length;
  if (report.reason === "interrupted") problems.push(`INTERRUPTED ${file}: the run was cut short`);
  console.log(`${file}: ${report.files.length} files, ${filePassed} passed, ${fileFailed} failed (run ${report.reason})`);
}

if (problems.length) {
  console.log("");
  for (const p of problems) console.log(p);
}
if (skipReasons.size) {
  console.log("");
  for (const [reason, n] of skipReasons) console.log(`skipped ${n}: ${reason}`);
}

const bad = totals.failed + totals.notRun + totals.erroredFiles + totals.missing + totals.unhandled;
const parts = [`${totals.passed} passed`, `${totals.failed} failed`];
if (totals.notRun) parts.push(`${totals.notRun} never ran`);
if (totals.erroredFiles) parts.push(`${totals.erroredFiles} files errored`);
if (totals.missing) parts.push(`${totals.missing} reports missing`);
if (totals.unhandled) parts.push(`${totals.unhandled} unhandled errors`);
if (totals.skipped) parts.push(`${totals.skipped} skipped`);
if (totals.todo) parts.push(`${totals.todo} todo`);

const audit = {
  passed: "dependency audit passed",
  failed: "dependency audit FAILED",
  unverified: "dependency audit UNVERIFIED (advisory service unreachable)",
}[process.env.AUDIT_STATUS ?? ""] ?? "dependency audit not run";
const steps = [...new Set((process.env.FAILED_STEPS ?? "").split(/\s+/).filter(Boolean))].join(" ");
// All green only when the audit answered too: an unchecked audit leaves the run INCOMPLETE.
const verdict = bad > 0 || steps || process.env.AUDIT_STATUS === "failed" ? "FAILED" : process.env.AUDIT_STATUS === "passed" ? "OK" : "INCOMPLETE";

console.log(`\n${verdict} · tests: ${parts.join(", ")} · ${audit}${steps ? ` · failed steps: ${steps}` : ""}`);
process.exit(verdict === "FAILED" ? 1 : 0);
