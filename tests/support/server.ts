import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, openSync, closeSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createServer } from "node:net";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const ADMIN = { email: "admin@test.local", password: "admin-password-123" };

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      const port = typeof a === "object" && a ? a.port : 0;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/** What the production build is made from (tests are not): a newer file here makes `.next` stale. */
const BUILD_INPUTS = ["app", "lib", "graphql", "db", "proxy.ts", "next.config.ts", "server.ts", "tsconfig.json", "package.json", "package-lock.json"];

/** The most recently modified build input, e.g. to tell whether `.next` predates it. */
export function newestBuildInput(root = ROOT): { file: string; mtimeMs: number } | undefined {
  let newest: { file: string; mtimeMs: number } | undefined;
  const visit = (p: string): void => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const e of readdirSync(p)) if (!e.startsWith(".") && e !== "node_modules") visit(path.join(p, e));
      return;
    }
    if (/\.test\.tsx?$/.test(p)) return;
    if (!newest || st.mtimeMs > newest.mtimeMs) newest = { file: path.relative(root, p), mtimeMs: st.mtimeMs };
  };
  for (const input of BUILD_INPUTS) if (existsSync(path.join(root, input))) visit(path.join(root, input));
  return newest;
}

/** Why `.next` cannot be used as it is, or undefined when it is newer than every build input. */
function staleBuildReason(buildId: string): string | undefined {
  if (!existsSync(buildId)) return "no .next build";
  const newest = newestBuildInput();
  const builtAt = statSync(buildId).mtimeMs;
  if (newest && newest.mtimeMs > builtAt) return `${newest.file} is newer than .next/BUILD_ID`;
  return undefined;
}

/** Runs `next build`, inheriting stdio, without blocking this process (vitest's worker keeps answering). */
function nextBuild(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["next", "build"], { cwd: ROOT, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
    child.on("error", reject);
    child.on("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`next build exited with ${signal ?? code}`))));
  });
}

/**
 * The REST routes live in Next route handlers, so the server needs a production build. CI builds
 * before the tests; otherwise the first test file that finds `.next` missing or older than a
 * source file rebuilds it, and a lock keeps parallel files from racing: they wait for that build,
 * then check again. A stale build is never used silently: tests would pass or fail on old code.
 */
export async function ensureNextBuild(): Promise<void> {
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  let reason = staleBuildReason(buildId);
  if (!reason) return;
  const lock = path.join(ROOT, ".next-build.lock");
  let fd: number | null = null;
  try {
    fd = openSync(lock, "wx");
  } catch {
    // Another test file is building: wait until it is done (or its lock is abandoned), then check again.
    const started = Date.now();
    while (existsSync(lock) && Date.now() - started < 15 * 60_000) {
      if (Date.now() - statSync(lock).mtimeMs > 15 * 60_000) break;
      await new Promise((r) => setTimeout(r, 2000));
    }
    reason = staleBuildReason(buildId);
    if (!reason) return;
  }
  try {
    console.warn(`ensureNextBuild: ${reason}: running next build`);
    await nextBuild();
  } catch (e) {
    throw new Error(`next build failed (needed because ${reason}); the integration tests cannot run on a stale or missing .next`, { cause: e });
  } finally {
    if (fd !== null) closeSync(fd);
    rmSync(lock, { force: true });
  }
  if (!existsSync(buildId)) throw new Error("next build finished without writing .next/BUILD_ID");
}

export interface RunningServer {
  url: string;
  port: number;
  process: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<void>;
  pgliteDir?: string;
}

export interface ServerOptions {
  /** postgres:// URL; otherwise a fresh PGlite directory. */
  databaseUrl?: string;
  pgliteDir?: string;
  env?: Record<string, string>;
  port?: number;
  /** false: no ADMIN_EMAIL/ADMIN_PASSWORD, so the server prints a one-time admin password like a first `npm start`. */
  presetAdmin?: boolean;
}

/** Starts the real server (`tsx server.ts`, production mode) as a child process and waits for /api/health. */
export async function startTestServer(opts: ServerOptions = {}): Promise<RunningServer> {
  await ensureNextBuild();
  const port = opts.port ?? (await freePort());
  const pgliteDir = opts.databaseUrl ? undefined : (opts.pgliteDir ?? mkdtempSync(path.join(tmpdir(), "churn-pglite-")));
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: "warn",
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : { PGLITE_DIR: pgliteDir! }),
    ...(opts.env ?? {}),
  };
  if (!opts.databaseUrl) delete env.DATABASE_URL;
  for (const k of ["ARK_API_KEY", "ARK_MODEL", "LLM_API_KEY", "LLM_BASE_URL", "LLM_MODEL"]) if (!opts.env?.[k]) delete env[k];
  if (opts.presetAdmin === false) {
    delete env.ADMIN_EMAIL;
    delete env.ADMIN_PASSWORD;
  }
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 120_000) {
      child.kill("SIGKILL");
      throw new Error(`server did not become healthy:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    process: child,
    output: () => out,
    pgliteDir,
    stop: (signal: NodeJS.Signals = "SIGTERM") =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill(signal);
        setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
      }),
  };
}

/** Logs in through the REST route like the browser does; returns the Cookie header value. */
export async function loginCookie(url: string, email = ADMIN.email, password = ADMIN.password): Promise<string> {
  const r = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!r.ok) throw new Error(`login failed: ${r.status} ${await r.text()}`);
  const set = r.headers.get("set-cookie") ?? "";
  const m = /cg_session=([^;]+)/.exec(set);
  if (!m) throw new Error("no session cookie");
  return `cg_session=${m[1]}`;
}
