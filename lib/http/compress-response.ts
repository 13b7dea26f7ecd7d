import type { IncomingMessage, ServerResponse } from "node:http";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Smaller bodies go as they are: compressing them saves less than its headers cost. */
export const MIN_COMPRESS_BYTES = 1024;

export type Encoding = "br" | "gzip";

/** The encoding to use for an Accept-Encoding header: br before gzip, none when refused (q=0) or absent. */
export function pickEncoding(acceptEncoding: string | string[] | undefined): Encoding | null {
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(",") : (acceptEncoding ?? "");
  const offered = new Map<string, number>();
  for (const part of header.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    offered.set(name, q === undefined ? 1 : Number(q));
  }
  const accepts = (name: Encoding) => (offered.get(name) ?? offered.get("*") ?? 0) > 0;
  if (accepts("br")) return "br";
  if (accepts("gzip")) return "gzip";
  return null;
}

/**
 * Compresses a response that is sent whole with one `res.end(body)` (the GraphQL HTTP handler's
 * complete results) when the client accepts br or gzip. A response that streams with `write`
 * (incremental delivery) or already carries an encoding is sent unchanged. Compression runs on
 * libuv's thread pool (brotli at quality 5: most of the gain for little CPU), not the event loop.
 */
export function compressWholeResponses(req: IncomingMessage, res: ServerResponse, minBytes = MIN_COMPRESS_BYTES): void {
  const encoding = pickEncoding(req.headers["accept-encoding"]);
  res.setHeader("vary", "Accept-Encoding");
  if (!encoding || req.method === "HEAD") return;
  let streamed = false;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.write = ((...args: unknown[]) => {
    streamed = true;
    return write(...args);
  }) as ServerResponse["write"];
  res.end = ((...args: unknown[]) => {
    const [chunk] = args;
    const body = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.isBuffer(chunk) ? chunk : null;
    if (streamed || res.headersSent || !body || body.length < minBytes || res.getHeader("content-encoding")) return end(...args);
    const callback = args.find((a): a is () => void => typeof a === "function");
    const packed =
      encoding === "br"
        ? brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
        : gz(body, { level: 6 });
    packed.then(
      (out) => {
        if (res.headersSent || res.destroyed) return;
        res.setHeader("content-encoding", encoding);
        res.setHeader("content-length", out.length);
        end(out, callback);
      },
      () => end(body, callback),
    );
    return res;
  }) as ServerResponse["end"];
}
