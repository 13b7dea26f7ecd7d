/**
 * First start without ADMIN_EMAIL/ADMIN_PASSWORD: the one-time password printed to the console
 * signs in, but until it is replaced every operation except `viewer` and `changePassword` is
 * refused — on HTTP, REST and WebSocket. Changing a password needs the current one, ends the
 * account's other sessions and is audited.
 */
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/db";
import { dbSuites } from "../support/db-suites";
import { postGql, wsErrors, wsOnce, type Auth } from "../support/raw-graphql";
import { ROOT, startTestServer, type RunningServer } from "../support/server";

interface SignIn {
  status: number;
  body: { status?: string; must_change_password?: boolean; message?: string };
  cookie?: string;
}

async function signIn(url: string, email: string, password: string): Promise<SignIn> {
  const r = await fetch(`${url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) });
  const m = /cg_session=([^;]+)/.exec(r.headers.get("set-cookie") ?? "");
  return { status: r.status, body: (await r.json()) as SignIn["body"], cookie: m ? `cg_session=${m[1]}` : undefined };
}

const codes = (r: Awaited<ReturnType<typeof postGql>>) => (r.json?.errors ?? []).map((e) => String(e.extensions?.code));
const fieldOf = (r: Awaited<ReturnType<typeof postGql>>) => r.json?.errors?.[0]?.extensions?.field;
const NEW_PASSWORD = "a-new-password-of-mine";

for (const { kind, describeDb } of dbSuites()) {
  describeDb(`first-start admin and password change on ${kind}`, () => {
    let db: TestDb | undefined;
    let server: RunningServer;
    let email: string;
    let oneTime: string;
    let first: Auth;
    let second: Auth;

    beforeAll(async () => {
      db = kind === "postgres" ? await createTestDb("postgres") : undefined;
      // Many sign-ins from one address: the login rate limit has its own test (security matrix).
      server = await startTestServer({ databaseUrl: db?.url, presetAdmin: false, env: { RATE_LIMIT_LOGIN_PER_MIN: "1000" } });
      email = /管理员账号 admin: (\S+)/.exec(server.output())![1]!;
      oneTime = /一次性密码 one-time password: (\S+)/.exec(server.output())![1]!;
    });
    afterAll(async () => {
      await server?.stop();
      await db?.destroy();
    });

    it("signs in with the one-time password and says it must be changed", async () => {
      const a = await signIn(server.url, email, oneTime);
      const b = await signIn(server.url, email, oneTime);
      expect(a.status).toBe(200);
      expect(a.body.must_change_password).toBe(true);
      first = { cookie: a.cookie! };
      second = { cookie: b.cookie! };
      const v = await postGql(server.url, "{ viewer { email role mustChangePassword } }", undefined, first);
      expect(v.json?.data?.viewer).toEqual({ email, role: "ADMIN", mustChangePassword: true });
    });

    it("refuses everything else until then, on HTTP, REST and WebSocket", async () => {
      for (const q of ["{ dataset { id } }", "{ users { id } }", 'mutation { createApiToken(input: { name: "x", role: ADMIN }) { token } }']) {
        const r = await postGql(server.url, q, undefined, first);
        expect(codes(r), q).toEqual(["PASSWORD_CHANGE_REQUIRED"]);
        expect(r.json?.data?.[Object.keys(r.json?.data ?? {})[0] ?? ""] ?? null).toBeNull();
      }
      const rest = await fetch(`${server.url}/api/customer/C0000001`, { headers: { cookie: first.cookie! } });
      expect(rest.status).toBe(403);
      expect(((await rest.json()) as { message: string }).message).toContain("一次性密码");
      const ws = await wsOnce(server.url, first, "subscription { trainingProgress(runId: 1) { runId } }");
      expect(wsErrors(ws).map((e) => e.extensions?.code)).toEqual(["PASSWORD_CHANGE_REQUIRED"]);
    });

    it("rejects a wrong current password and a weak new one, naming the field", async () => {
      const doc = "mutation ($i: ChangePasswordInput!) { changePassword(input: $i) { email mustChangePassword } }";
      const wrong = await postGql(server.url, doc, { i: { currentPassword: "not-it-at-all", newPassword: NEW_PASSWORD } }, first);
      expect(codes(wrong)).toEqual(["BAD_USER_INPUT"]);
      expect(fieldOf(wrong)).toBe("input.currentPassword");
      const short = await postGql(server.url, doc, { i: { currentPassword: oneTime, newPassword: "short" } }, first);
      expect(codes(short)).toEqual(["BAD_USER_INPUT"]);
      expect(fieldOf(short)).toBe("input.newPassword");
      expect(short.json?.errors?.[0]?.message).toMatch(/10/);
      const same = await postGql(server.url, doc, { i: { currentPassword: oneTime, newPassword: oneTime } }, first);
      expect(fieldOf(same)).toBe("input.newPassword");
      // Nothing changed: the one-time password still signs in.
      expect((await signIn(server.url, email, oneTime)).status).toBe(200);
    });

    it("changes it: this session goes on unlocked, the other session ends, old password no longer works", async () => {
      const doc = "mutation ($i: ChangePasswordInput!) { changePassword(input: $i) { email mustChangePassword } }";
      const ok = await postGql(server.url, doc, { i: { currentPassword: oneTime, newPassword: NEW_PASSWORD } }, first);
      expect(ok.json?.errors).toBeUndefined();
      expect(ok.json?.data?.changePassword).toEqual({ email, mustChangePassword: false });
      const now = await postGql(server.url, "{ dataset { id } viewer { mustChangePassword } }", undefined, first);
      expect(now.json?.errors).toBeUndefined();
      expect(now.json?.data?.viewer).toEqual({ mustChangePassword: false });
      const other = await postGql(server.url, "{ dataset { id } }", undefined, second);
      expect(codes(other)).toEqual(["UNAUTHENTICATED"]);
      expect((await signIn(server.url, email, oneTime)).status).toBe(401);
      const fresh = await signIn(server.url, email, NEW_PASSWORD);
      expect(fresh.status).toBe(200);
      expect(fresh.body.must_change_password).toBe(false);
      const audit = await postGql(server.url, "{ auditLog(limit: 20) { actor action target } }", undefined, first);
      const entries = (audit.json?.data?.auditLog ?? []) as { actor: string; action: string }[];
      expect(entries.some((e) => e.action === "change_password" && e.actor === email)).toBe(true);
    });

    it("does not let an API token change a password", async () => {
      const created = await postGql(server.url, 'mutation { createApiToken(input: { name: "script", role: ADMIN }) { token } }', undefined, first);
      const token = (created.json?.data?.createApiToken as { token: string }).token;
      const r = await postGql(
        server.url,
        "mutation ($i: ChangePasswordInput!) { changePassword(input: $i) { email } }",
        { i: { currentPassword: NEW_PASSWORD, newPassword: "yet-another-password" } },
        { token },
      );
      expect(codes(r)).toEqual(["BAD_USER_INPUT"]);
      expect((await signIn(server.url, email, NEW_PASSWORD)).status).toBe(200);
    });

    it("lets an admin disable, re-enable, demote and reset another account; never the last admin", async () => {
      const gql = (q: string, v?: Record<string, unknown>, auth: Auth = first) => postGql(server.url, q, v, auth);
      const created = await gql('mutation { createUser(input: { email: "clerk@bank.cn", password: "clerk-password-1", role: ANALYST }) { id } }');
      const id = (created.json?.data?.createUser as { id: number }).id;
      const clerk: Auth = { cookie: (await signIn(server.url, "clerk@bank.cn", "clerk-password-1")).cookie! };
      expect(codes(await gql("{ dataset { id } }", undefined, clerk))).toEqual([]);
      const update = "mutation ($id: Int!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { id role disabled mustChangePassword } }";

      // Disabling ends the session at once and refuses new sign-ins; re-enabling restores sign-in.
      const off = await gql(update, { id, i: { disabled: true } });
      expect(off.json?.data?.updateUser).toEqual({ id, role: "ANALYST", disabled: true, mustChangePassword: false });
      expect(codes(await gql("{ dataset { id } }", undefined, clerk))).toEqual(["UNAUTHENTICATED"]);
      expect((await signIn(server.url, "clerk@bank.cn", "clerk-password-1")).status).toBe(401);
      await gql(update, { id, i: { disabled: false } });
      expect((await signIn(server.url, "clerk@bank.cn", "clerk-password-1")).status).toBe(200);

      // A reset password signs in, but must be replaced first; the old one stops working.
      const reset = await gql(update, { id, i: { password: "temporary-pass-9" } });
      expect(reset.json?.data?.updateUser).toMatchObject({ mustChangePassword: true });
      expect((await signIn(server.url, "clerk@bank.cn", "clerk-password-1")).status).toBe(401);
      const again = await signIn(server.url, "clerk@bank.cn", "temporary-pass-9");
      expect(again.body.must_change_password).toBe(true);
      expect(codes(await gql("{ dataset { id } }", undefined, { cookie: again.cookie! }))).toEqual(["PASSWORD_CHANGE_REQUIRED"]);

      // Bad input names the field; nothing changes.
      const weak = await gql(update, { id, i: { password: "short" } });
      expect(codes(weak)).toEqual(["BAD_USER_INPUT"]);
      expect(fieldOf(weak)).toBe("input.password");
      expect(fieldOf(await gql(update, { id, i: {} }))).toBe("input");
      expect(codes(await gql(update, { id: 99_999, i: { disabled: true } }))).toEqual(["NOT_FOUND"]);

      // The only enabled admin cannot lock the deployment out.
      const me = ((await gql("{ users { id email } }")).json?.data?.users as { id: number; email: string }[]).find((u) => u.email === email)!;
      const selfDisable = await gql(update, { id: me.id, i: { disabled: true } });
      expect(fieldOf(selfDisable)).toBe("input.disabled");
      expect(selfDisable.json?.errors?.[0]?.message).toContain("最后一个管理员");
      expect(fieldOf(await gql(update, { id: me.id, i: { role: "VIEWER" } }))).toBe("input.role");
      expect(codes(await gql("{ dataset { id } }"))).toEqual([]); // still an admin, still signed in

      // With a second admin, demoting is allowed and applies to the demoted account's next request.
      await gql(update, { id, i: { role: "ADMIN" } });
      const clerkAdmin: Auth = { cookie: (await signIn(server.url, "clerk@bank.cn", "temporary-pass-9")).cookie! };
      await gql("mutation ($i: ChangePasswordInput!) { changePassword(input: $i) { email } }", { i: { currentPassword: "temporary-pass-9", newPassword: "clerk-password-2" } }, clerkAdmin);
      expect(codes(await gql("{ users { id } }", undefined, clerkAdmin))).toEqual([]);
      const demoted = await gql(update, { id, i: { role: "VIEWER" } });
      expect(demoted.json?.data?.updateUser).toMatchObject({ role: "VIEWER" });
      expect(codes(await gql("{ users { id } }", undefined, clerkAdmin))).toEqual(["FORBIDDEN"]);
      expect(codes(await gql("{ dataset { id } }", undefined, clerkAdmin))).toEqual([]);
      const audit = (await gql("{ auditLog(limit: 50) { action target details } }")).json?.data?.auditLog as { action: string; target: string; details: unknown }[];
      const updates = audit.filter((e) => e.action === "update_user" && e.target === `user:${id}`);
      expect(updates.length).toBeGreaterThanOrEqual(5);
      expect(JSON.stringify(updates)).not.toContain("temporary-pass-9");
    });

    it("keeps the first-start admin across a restart, and the CLI resets a forgotten password", async () => {
      const dir = server.pgliteDir;
      await server.stop();
      // The recovery path for a locked-out admin: the CLI on the same database, server stopped.
      const cli = spawnSync(process.execPath, ["--import", "tsx", "lib/cli/main.ts", "reset-password", "--email", email, "--password", "recovered-password-7"], {
        cwd: ROOT,
        env: { ...process.env, ...(db?.url ? { DATABASE_URL: db.url } : { PGLITE_DIR: dir! }) },
        encoding: "utf8",
      });
      expect(cli.status, cli.stderr).toBe(0);
      expect(cli.stdout).toContain("已重置");
      const bad = spawnSync(process.execPath, ["--import", "tsx", "lib/cli/main.ts", "reset-password", "--email", "nobody@bank.cn", "--password", "recovered-password-7"], {
        cwd: ROOT,
        env: { ...process.env, ...(db?.url ? { DATABASE_URL: db.url } : { PGLITE_DIR: dir! }) },
        encoding: "utf8",
      });
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain("--email");

      server = await startTestServer({ databaseUrl: db?.url, pgliteDir: dir, presetAdmin: false, env: { RATE_LIMIT_LOGIN_PER_MIN: "1000" } });
      expect(server.output()).not.toContain("一次性密码");
      expect((await signIn(server.url, email, NEW_PASSWORD)).status).toBe(401);
      const back = await signIn(server.url, email, "recovered-password-7");
      expect(back.status).toBe(200);
      expect(back.body.must_change_password).toBe(true);
    });
  });
}
