/**
 * The caller is known before a request body is read, on GraphQL and REST alike: an anonymous
 * 50 MB chunked upload (no Content-Length) is answered 401 and a viewer's upload to an
 * admin-only route 403 while the body is still arriving — the server's memory does not grow
 * with it and the connection is closed instead of drained, so the sender is stopped early.
 * A signed-in caller's body is streamed through a byte counter that stops at the cap (413).
 * Runs on PGlite only: what is tested is the HTTP front, not the database.
 */
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postGql } from "../support/raw-graphql";
import { loginCookie, startTestServer, type RunningServer } from "../support/server";

const MB = 1024 * 1024;

interface UploadOutcome {
  status: number;
  text: string;
  /** Bytes of body the client had written when the status line arrived. */
  writtenAtAnswer: number;
  /** Bytes of body written when the server closed the connection (or the total, if it never did). */
  writtenAtClose: number;
  /** The server closed the connection before the whole body was sent. */
  closedEarly: boolean;
  /** Largest growth of the server's resident memory while the upload ran. */
  rssGrowthBytes: number;
}

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : 0;
}

/**
 * A raw HTTP/1.1 POST whose body is sent chunked (no Content-Length) as fast as the connection
 * takes it, while the server's RSS is sampled; ends when the server closes the connection, or
 * once the whole body is sent and the answer has arrived.
 */
function chunkedUpload(server: RunningServer, path: string, headers: Record<string, string>, total: number, prefix = ""): Promise<UploadOutcome> {
  const { port } = server;
  const pid = server.process.pid!;
  const rssStart = rssOf(pid);
  let rssPeak = rssStart;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssOf(pid))), 10);
  const block = Buffer.alloc(64 * 1024, 0x41);
  const frame = (b: Buffer) => Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from("\r\n")]);
  const full = frame(block);
  return new Promise((resolve) => {
    const sock = connect(port, "127.0.0.1");
    let written = 0;
    let writtenAtAnswer = -1;
    const received: Buffer[] = [];
    let response = "";
    let finished = false;
    const finish = (closedEarly: boolean) => {
      if (finished) return;
      finished = true;
      clearInterval(sampler);
      rssPeak = Math.max(rssPeak, rssOf(pid));
      sock.destroy();
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);
      const text = response.slice(response.indexOf("\r\n\r\n") + 4);
      resolve({ status, text, writtenAtAnswer, writtenAtClose: written, closedEarly, rssGrowthBytes: rssPeak - rssStart });
    };
    sock.on("connect", () => {
      const head = Object.entries({ host: `127.0.0.1:${port}`, "transfer-encoding": "chunked", ...headers })
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join("");
      sock.write(`POST ${path} HTTP/1.1\r\n${head}\r\n`);
      if (prefix) {
        sock.write(frame(Buffer.from(prefix)));
        written += Buffer.byteLength(prefix);
      }
      const pump = () => {
        while (written < total && !sock.destroyed && !finished) {
          written += block.length;
          if (!sock.write(full)) return void sock.once("drain", pump);
        }
        if (written >= total && !sock.destroyed) sock.write("0\r\n\r\n");
      };
      pump();
    });
    sock.on("data", (d: Buffer) => {
      if (writtenAtAnswer < 0) writtenAtAnswer = written;
      received.push(d);
      response = Buffer.concat(received).toString("utf8");
    });
    sock.on("error", () => {}); // EPIPE / ECONNRESET: the server stopped reading, which is the point
    sock.on("close", () => finish(written < total));
    // A server that reads everything: stop once all is sent and the answer is in (not closed early).
    const poll = setInterval(() => {
      if (written >= total && response.includes("\r\n\r\n")) {
        clearInterval(poll);
        setTimeout(() => finish(false), 200);
      }
    }, 20);
    sock.on("close", () => clearInterval(poll));
  });
}

describe("request bodies are read only once the caller is known", () => {
  let server: RunningServer;
  let viewerToken = "";
  let adminToken = "";

  beforeAll(async () => {
    server = await startTestServer({ env: { RATE_LIMIT_EXPENSIVE_PER_MIN: "100000" } });
    const cookie = await loginCookie(server.url);
    const mk = async (role: string) => {
      const r = await postGql(server.url, `mutation { createApiToken(input: { name: "body-${role}", role: ${role} }) { token } }`, undefined, { cookie });
      return (r.json!.data!.createApiToken as { token: string }).token;
    };
    adminToken = await mk("ADMIN");
    viewerToken = await mk("VIEWER");
  }, 300_000);

  afterAll(async () => {
    await server?.stop();
  });

  const boundary = "----body-before-auth";
  const multipart = { "content-type": `multipart/form-data; boundary=${boundary}` };
  const filePart = `--${boundary}\r\nContent-Disposition: form-data; name="customers"; filename="c.csv"\r\nContent-Type: text/csv\r\n\r\n`;

  it("answers an anonymous chunked 50 MB body with 401 on /api/graphql and /api/datasets/import, without holding or draining it", async () => {
    const cases = [
      { path: "/api/graphql", headers: { "content-type": "application/json" }, prefix: '{"query":"{ __typename }","pad":"' },
      { path: "/api/datasets/import", headers: multipart, prefix: filePart },
    ];
    for (const c of cases) {
      const r = await chunkedUpload(server, c.path, c.headers, 50 * MB, c.prefix);
      const summary = `${c.path}: ${r.status} written ${(r.writtenAtAnswer / MB).toFixed(1)} MB at answer, ${(r.writtenAtClose / MB).toFixed(1)} MB at close, RSS +${(r.rssGrowthBytes / MB).toFixed(1)} MB ${r.text}`;
      console.log(summary);
      expect(r.status, summary).toBe(401);
      expect(r.text).toContain("UNAUTHENTICATED");
      expect(r.rssGrowthBytes, summary).toBeLessThan(20 * MB);
      expect(r.closedEarly, summary).toBe(true);
      expect(r.writtenAtClose, summary).toBeLessThan(25 * MB);
    }
  });

  it("answers a viewer's 20 MB upload to an admin-only route with 403 before reading it", async () => {
    for (const path of ["/api/datasets/import", "/api/models/import"]) {
      const headers = { authorization: `Bearer ${viewerToken}`, ...(path.includes("datasets") ? multipart : { "content-type": "application/json" }) };
      const r = await chunkedUpload(server, path, headers, 20 * MB, path.includes("datasets") ? filePart : "");
      const summary = `${path}: ${r.status} written ${(r.writtenAtAnswer / MB).toFixed(1)} MB at answer, ${(r.writtenAtClose / MB).toFixed(1)} MB at close, RSS +${(r.rssGrowthBytes / MB).toFixed(1)} MB ${r.text}`;
      console.log(summary);
      expect(r.status, summary).toBe(403);
      expect(r.text).toContain("FORBIDDEN");
      expect(r.closedEarly, summary).toBe(true);
      expect(r.writtenAtAnswer, summary).toBeLessThan(5 * MB);
      expect(r.rssGrowthBytes, summary).toBeLessThan(20 * MB);
    }
  });

  it("streams a signed-in GraphQL body through the byte counter: over the cap is 413 naming it, and the rest is not read", async () => {
    const r = await chunkedUpload(server, "/api/graphql", { authorization: `Bearer ${adminToken}`, "content-type": "application/json" }, 50 * MB, '{"query":"{ __typename }","pad":"');
    const summary = `${r.status} written ${(r.writtenAtClose / MB).toFixed(1)} MB at close, RSS +${(r.rssGrowthBytes / MB).toFixed(1)} MB ${r.text}`;
    expect(r.status, summary).toBe(413);
    expect(r.text).toContain("PAYLOAD_TOO_LARGE");
    expect(r.text).toContain("256 KB");
    expect(r.closedEarly, summary).toBe(true);
    expect(r.rssGrowthBytes, summary).toBeLessThan(20 * MB);
  });

  it("refuses a declared anonymous Content-Length above the anonymous cap before any body is sent", async () => {
    const r = await fetch(`${server.url}/api/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __typename }", pad: "x".repeat(64 * 1024) }),
    });
    expect(r.status).toBe(401);
    const body = (await r.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]!.extensions.code).toBe("UNAUTHENTICATED");
    expect(body.errors[0]!.message).toContain("32 KB");
  });

  it("still serves small anonymous requests and signed-in ones over the same endpoint", async () => {
    const small = await postGql(server.url, "{ __typename }", undefined);
    expect(small.json?.data, small.text).toEqual({ __typename: "Query" });
    const anon = await postGql(server.url, "{ customers(first: 1) { totalCount } }", undefined);
    expect(anon.json?.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const signed = await postGql(server.url, "{ __typename }", undefined, { token: adminToken });
    expect(signed.json?.data).toEqual({ __typename: "Query" });
    // After a refused upload the server keeps answering on fresh connections.
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});
