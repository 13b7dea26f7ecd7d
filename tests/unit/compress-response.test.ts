import { createServer, request, type Server } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compressWholeResponses, pickEncoding } from "../../lib/http/compress-response";

const BIG = JSON.stringify({ data: { rows: Array.from({ length: 2000 }, (_, i) => ({ key: `feature_${i % 29}`, value: i / 7 })) } });

let server: Server;
let port = 0;

function get(path: string, acceptEncoding?: string): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers: acceptEncoding ? { "accept-encoding": acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    compressWholeResponses(req, res);
    res.setHeader("content-type", "application/json");
    if (req.url === "/small") return void res.end('{"ok":true}');
    if (req.url === "/stream") {
      res.write(BIG.slice(0, 5000));
      return void res.end(BIG.slice(5000));
    }
    res.end(BIG);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const a = server.address();
  port = typeof a === "object" && a ? a.port : 0;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("compressWholeResponses", () => {
  it("sends br when accepted, gzip when only that is, and the same bytes after decoding", async () => {
    const br = await get("/", "gzip, deflate, br");
    expect(br.headers["content-encoding"]).toBe("br");
    expect(Number(br.headers["content-length"])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(BIG.length / 4);
    expect(brotliDecompressSync(br.body).toString()).toBe(BIG);
    const gz = await get("/", "gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz.body).toString()).toBe(BIG);
  });

  it("leaves small, streamed and uncompressed-only responses as they are", async () => {
    for (const [path, accept] of [["/small", "br"], ["/stream", "br"], ["/", undefined], ["/", "identity"]] as const) {
      const r = await get(path, accept);
      expect(r.headers["content-encoding"], `${path} ${accept}`).toBeUndefined();
      expect(r.body.toString()).toBe(path === "/small" ? '{"ok":true}' : BIG);
    }
  });

  it("reads q-values: br;q=0 means gzip", () => {
    expect(pickEncoding("br;q=0, gzip")).toBe("gzip");
    expect(pickEncoding("*")).toBe("br");
    expect(pickEncoding("gzip;q=0")).toBeNull();
    expect(pickEncoding(undefined)).toBeNull();
  });
});
