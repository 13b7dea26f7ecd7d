import type { IncomingMessage, ServerResponse } from "node:http";
import { readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants } from "node:zlib";
import { STATIC_SECURITY_HEADERS } from "../config/csp";
import { pickEncoding } from "./compress-response";

const brotli = promisify(brotliCompress);

const TYPES: Record<string, string> = {
  ".js": "application/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
};

/** Below this, brotli's gain over Next's gzip is a few bytes: Next serves those. */
const MIN_BYTES = 2048;

interface Packed {
  body: Buffer;
  type: string;
}

/**
 * The build's static chunks (`.next/static`, content-hashed, immutable) brotli-compressed at
 * quality 11, once per build, in the background after start (libuv's thread pool, not the event
 * loop; the result is kept as `<file>.br` beside each file for the next start).
 * Next's own `compress` only gzips: for the 1.1 MB Plotly chunk brotli sends ~20 % fewer bytes,
 * which on a 1.6 Mbit/s phone link is a few hundred ms before the first chart. Clients that do
 * not accept br, and any file not packed yet, are served by Next as before.
 */
export function createPrecompressedStatic(staticDir: string, urlPrefix = "/_next/static/") {
  const packed = new Map<string, Packed>();

  async function files(dir: string): Promise<string[]> {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const out: string[] = [];
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) out.push(...(await files(full)));
      else if (TYPES[path.extname(e.name)]) out.push(full); // not the .br files themselves
    }
    return out;
  }

  return {
    /** Packs every static file, one at a time (a brief start-up cost, off the event loop). */
    async warm(): Promise<number> {
      for (const file of await files(staticDir)) {
        const raw = await readFile(file);
        if (raw.length < MIN_BYTES) continue;
        // Packed once per build: later starts (tests start many servers) read the .br beside the file.
        const cached = await readFile(`${file}.br`).catch(() => null);
        const body = cached ?? (await brotli(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }));
        // Written whole or not at all: a half-written .br would be served as the chunk.
        if (!cached) await writeFile(`${file}.br.tmp`, body).then(() => rename(`${file}.br.tmp`, `${file}.br`)).catch(() => undefined);
        const rel = path.relative(staticDir, file).split(path.sep).join("/");
        packed.set(urlPrefix + rel, { body, type: TYPES[path.extname(file)]! });
      }
      return packed.size;
    },

    /** Answers a GET/HEAD for a packed file from a client that accepts br; false: not handled. */
    handle(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
      if (req.method !== "GET" && req.method !== "HEAD") return false;
      const hit = packed.get(pathname);
      if (!hit || pickEncoding(req.headers["accept-encoding"]) !== "br") return false;
      for (const { key, value } of STATIC_SECURITY_HEADERS) res.setHeader(key, value);
      res.statusCode = 200;
      res.setHeader("content-type", hit.type);
      res.setHeader("content-encoding", "br");
      res.setHeader("vary", "Accept-Encoding");
      res.setHeader("cache-control", "public, max-age=31536000, immutable");
      res.setHeader("content-length", hit.body.length);
      res.end(req.method === "HEAD" ? undefined : hit.body);
      return true;
    },
  };
}
