/**
 * Uploaded import files kept for a while so one upload can be previewed, re-mapped and imported
 * without sending the files again: GraphQL bodies are small (256 KiB), so the dashboard uploads
 * the files once over REST (multipart) and then names them by `uploadId` in previewImport and
 * importDataset. Files live in a temporary directory of this host, belong to the account that
 * uploaded them and expire after an hour; the total kept is capped.
 */
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { AppError } from "../../errors/app-error";
import type { ImportFile } from "../import";
import type { FileKind } from "./mapping";

export const UPLOAD_TTL_MS = 60 * 60 * 1000;
/** Bytes kept over all live uploads; the oldest go first when a new one would pass it. */
export const UPLOAD_STORE_BYTES = 2 * 1024 * 1024 * 1024;

export interface StoredUpload {
  id: string;
  owner: string;
  expiresAt: Date;
  files: Partial<Record<FileKind, { name: string; bytes: number }>>;
}

interface Entry extends StoredUpload {
  dir: string;
  size: number;
}

const root = path.join(tmpdir(), `churn-import-uploads-${process.pid}`);
const key = Symbol.for("churn.importUploads");
const g = globalThis as unknown as Record<symbol, Map<string, Entry> | undefined>;
/** One store per process (Next dev reloads modules). */
const entries: Map<string, Entry> = (g[key] ??= new Map());

async function drop(e: Entry): Promise<void> {
  entries.delete(e.id);
  await rm(e.dir, { recursive: true, force: true });
}

async function sweep(now: number, room: number): Promise<void> {
  for (const e of [...entries.values()]) if (e.expiresAt.getTime() <= now) await drop(e);
  let total = [...entries.values()].reduce((n, e) => n + e.size, 0);
  for (const e of [...entries.values()].sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime())) {
    if (total + room <= UPLOAD_STORE_BYTES) break;
    total -= e.size;
    await drop(e);
  }
}

/** Keeps the files for UPLOAD_TTL_MS; only `owner` can use them. */
export async function saveUpload(owner: string, files: Partial<Record<FileKind, ImportFile>>, now = Date.now()): Promise<StoredUpload> {
  const size = Object.values(files).reduce((n, f) => n + (f?.bytes.length ?? 0), 0);
  if (size > UPLOAD_STORE_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", `上传文件合计超过 ${UPLOAD_STORE_BYTES / 1024 ** 3} GiB 上限 (uploads exceed the limit)`, { field: "files" });
  await sweep(now, size);
  const id = randomUUID();
  const dir = path.join(root, id);
  await mkdir(dir, { recursive: true });
  const meta: StoredUpload["files"] = {};
  for (const [kind, f] of Object.entries(files) as [FileKind, ImportFile | undefined][]) {
    if (!f) continue;
    await writeFile(path.join(dir, kind), f.bytes);
    meta[kind] = { name: f.name, bytes: f.bytes.length };
  }
  const e: Entry = { id, owner, expiresAt: new Date(now + UPLOAD_TTL_MS), files: meta, dir, size };
  entries.set(id, e);
  return { id, owner, expiresAt: e.expiresAt, files: meta };
}

/** The files of an upload, for its owner; NOT_FOUND when unknown, expired or someone else's. */
export async function loadUpload(owner: string, id: string, now = Date.now()): Promise<Partial<Record<FileKind, ImportFile>>> {
  const e = entries.get(id);
  if (!e || e.owner !== owner || e.expiresAt.getTime() <= now) {
    if (e && e.expiresAt.getTime() <= now) await drop(e);
    throw new AppError("NOT_FOUND", `上传 ${id.slice(0, 40)} 不存在或已过期（保留 1 小时），请重新上传 (upload not found or expired: upload the files again)`, { field: "uploadId" });
  }
  const out: Partial<Record<FileKind, ImportFile>> = {};
  for (const [kind, f] of Object.entries(e.files) as [FileKind, { name: string }][]) {
    out[kind] = { name: f.name, bytes: new Uint8Array(await readFile(path.join(e.dir, kind))) };
  }
  return out;
}

/** Forgets an upload (after a successful import). */
export async function discardUpload(id: string): Promise<void> {
  const e = entries.get(id);
  if (e) await drop(e);
}
