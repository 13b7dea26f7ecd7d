import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { brotliDecompressSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrecompressedStatic } from "../../lib/http/precompressed-static";

let dir: string;
let server: Server;
let base: string;
const js = `console.log(${JSON.stringify("图表".repeat(2000))});\n`;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "static-br-"));
  mkdirSync(path.join(dir, "chunks"));
  writeFileSync(path.join(dir, "chunks", "big.js"), js);
  writeFileSync(path.join(dir, "chunks", "tiny.js"), "1;\n");
  const statics = createPrecompressedStatic(dir);
  expect(await statics.warm()).toBe(1);
  server = createServer((req, res) => {
    const pathname = (req.url ?? "/").split("?")[0]!;
    if (statics.handle(req, res, pathname)) return;
    res.statusCode = 299; // "fell through to Next"
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

/** Raw response (fetch would decode br on its own). */
async function get(url: string, acceptEncoding: string) {
  const { request } = await import("node:http");
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    request(url, { headers: { "accept-encoding": acceptEncoding } }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (c: Buffer) => parts.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
    })
      .on("error", reject)
      .end();
  });
}

describe("precompressed static chunks", () => {
  it("serves a packed chunk as brotli to a client that accepts it, with Vary and long caching", async () => {
    const r = await get(`${base}/_next/static/chunks/big.js`, "gzip, deflate, br");
    expect(r.status).toBe(200);
    expect(r.headers["content-encoding"]).toBe("br");
    expect(r.headers["vary"]).toBe("Accept-Encoding");
    expect(r.headers["content-type"]).toContain("javascript");
    expect(r.headers["cache-control"]).toContain("immutable");
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
    expect(r.body.length).toBeLessThan(Buffer.byteLength(js) / 10);
    expect(brotliDecompressSync(r.body).toString("utf8")).toBe(js);
    // Kept beside the file for the next start.
    expect(existsSync(path.join(dir, "chunks", "big.js.br"))).toBe(true);
  });

  it("leaves gzip-only clients, small files and unknown paths to Next", async () => {
    expect((await get(`${base}/_next/static/chunks/big.js`, "gzip")).status).toBe(299);
    expect((await get(`${base}/_next/static/chunks/tiny.js`, "br")).status).toBe(299);
    expect((await get(`${base}/_next/static/chunks/none.js`, "br")).status).toBe(299);
    expect((await get(`${base}/_next/static/chunks/big.js`, "br;q=0, gzip")).status).toBe(299);
  });
});
