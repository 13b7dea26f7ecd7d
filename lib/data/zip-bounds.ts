/**
 * Bounds an uploaded XLSX (a zip archive) before exceljs sees it. exceljs hands the bytes to
 * JSZip, which inflates every entry whole, trusting the central directory's sizes (local headers
 * only give the name and extra-field lengths) and checking the inflated length only after the
 * fact: a 2 MB file whose sheet XML inflates to 526 MB cost a minute and 2.7 GB. So the central
 * directory is read the way JSZip reads it (last end-of-central-directory record, headers walked
 * from its offset, ZIP64 extras) and the archive is refused when the declared total, an entry's
 * ratio or the entry count is too large, or when the layout is one JSZip would read differently
 * from us. With `verify`, every deflated entry is also inflated with an output cap of its declared
 * size, so a directory that lies about sizes is caught without inflating more than declared.
 */
import { inflateRawSync } from "node:zlib";
import { parseEnv, type Env } from "../config/env";
import { AppError } from "../errors/app-error";

export interface ZipLimits {
  /** Sum of the entries' uncompressed sizes, and the file's own size, at most this. */
  maxUncompressedBytes: number;
  /** uncompressed / compressed per entry at most this (entries above RATIO_FLOOR_BYTES). */
  maxRatio: number;
  maxEntries: number;
}

/** Entries smaller than this are not held to the ratio: they cannot make a bomb, and tiny XML parts compress well. */
export const RATIO_FLOOR_BYTES = 1024 * 1024;

export function zipLimitsOf(env: Pick<Env, "XLSX_MAX_UNCOMPRESSED_MB" | "XLSX_MAX_RATIO" | "XLSX_MAX_ENTRIES">): ZipLimits {
  return { maxUncompressedBytes: env.XLSX_MAX_UNCOMPRESSED_MB * 1024 * 1024, maxRatio: env.XLSX_MAX_RATIO, maxEntries: env.XLSX_MAX_ENTRIES };
}

/** The limits from the environment (a worker thread reads its copy of the parent's). */
export function zipLimits(): ZipLimits {
  return zipLimitsOf(parseEnv(process.env));
}

export interface ZipEntryInfo {
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Where the entry's compressed bytes start. */
  dataOffset: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const MAX16 = 0xffff;
const MAX32 = 0xffffffff;

const mib = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MiB`;

function lastIndexOfSignature(b: Buffer, sig: number): number {
  for (let i = b.length - 4; i >= 0; i--) if (b.readUInt32LE(i) === sig) return i;
  return -1;
}

function u64(b: Buffer, at: number): number {
  const v = b.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError("64-bit value too large");
  return Number(v);
}

/**
 * Reads the central directory. Null when the bytes have no end-of-central-directory record at
 * all (not a zip: JSZip finds none either and the caller's "not an xlsx" error applies).
 */
export function readZipDirectory(bytes: Uint8Array, field: string, limits: ZipLimits): ZipEntryInfo[] | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const invalid = (why: string) => new AppError("ARCHIVE_INVALID", `${field}: XLSX 压缩结构异常，拒绝读取 (malformed xlsx archive: ${why})`, { field });
  const eocd = lastIndexOfSignature(b, SIG_EOCD);
  if (eocd < 0) return null;
  try {
    if (eocd + 22 > b.length) throw invalid("truncated end of central directory");
    let records = b.readUInt16LE(eocd + 10);
    let cdSize = b.readUInt32LE(eocd + 12);
    let cdOffset = b.readUInt32LE(eocd + 16);
    const zip64 = b.readUInt16LE(eocd + 4) === MAX16 || b.readUInt16LE(eocd + 6) === MAX16 || b.readUInt16LE(eocd + 8) === MAX16 || records === MAX16 || cdSize === MAX32 || cdOffset === MAX32;
    let expectedEocd: number;
    if (zip64) {
      // As JSZip: the locator anywhere before, then the ZIP64 record where it points (or the last one).
      const loc = lastIndexOfSignature(b.subarray(0, eocd), SIG_ZIP64_LOCATOR);
      if (loc < 0 || loc + 20 > b.length) throw invalid("ZIP64 locator missing");
      let rec = u64(b, loc + 8);
      if (rec + 56 > b.length || b.readUInt32LE(rec) !== SIG_ZIP64_EOCD) rec = lastIndexOfSignature(b, SIG_ZIP64_EOCD);
      if (rec < 0 || rec + 56 > b.length) throw invalid("ZIP64 end of central directory missing");
      const recSize = u64(b, rec + 4);
      records = u64(b, rec + 32);
      cdSize = u64(b, rec + 40);
      cdOffset = u64(b, rec + 48);
      expectedEocd = cdOffset + cdSize + 20 + 12 + recSize;
    } else expectedEocd = cdOffset + cdSize;
    // JSZip shifts every offset when they disagree with where the record sits (data prepended); an xlsx has no reason to.
    if (expectedEocd !== eocd) throw invalid("central directory offsets do not match the file");
    if (records > limits.maxEntries) throw new AppError("ARCHIVE_TOO_LARGE", `${field}: XLSX 内含 ${records} 个文件，上限 ${limits.maxEntries} 个 (xlsx archive has ${records} entries, at most ${limits.maxEntries})`, { field });

    const entries: ZipEntryInfo[] = [];
    // JSZip walks headers while the signature matches, not by the record count: so do we.
    for (let p = cdOffset; p + 4 <= b.length && b.readUInt32LE(p) === SIG_CENTRAL; ) {
      if (entries.length >= limits.maxEntries) throw new AppError("ARCHIVE_TOO_LARGE", `${field}: XLSX 内含文件超过 ${limits.maxEntries} 个 (xlsx archive has more than ${limits.maxEntries} entries)`, { field });
      if (p + 46 > b.length) throw invalid("truncated central directory");
      const flags = b.readUInt16LE(p + 8);
      const method = b.readUInt16LE(p + 10);
      let compressedSize = b.readUInt32LE(p + 20);
      let uncompressedSize = b.readUInt32LE(p + 24);
      const nameLen = b.readUInt16LE(p + 28);
      const extraLen = b.readUInt16LE(p + 30);
      const commentLen = b.readUInt16LE(p + 32);
      let localOffset = b.readUInt32LE(p + 42);
      const nameEnd = p + 46 + nameLen;
      if (nameEnd + extraLen + commentLen > b.length) throw invalid("truncated central directory");
      const name = b.toString("utf8", p + 46, nameEnd);
      // ZIP64 extra field (0x0001): the 64-bit values of the fields set to 0xFFFFFFFF, in this order.
      for (let x = nameEnd; x + 4 <= nameEnd + extraLen; ) {
        const id = b.readUInt16LE(x);
        const len = b.readUInt16LE(x + 2);
        if (id === 0x0001) {
          let q = x + 4;
          const take = () => {
            if (q + 8 > x + 4 + len) throw invalid(`ZIP64 field of ${name} too short`);
            const v = u64(b, q);
            q += 8;
            return v;
          };
          if (uncompressedSize === MAX32) uncompressedSize = take();
          if (compressedSize === MAX32) compressedSize = take();
          if (localOffset === MAX32) localOffset = take();
        }
        x += 4 + len;
      }
      if (flags & 1) throw invalid(`${name} is encrypted`);
      if (method !== 0 && method !== 8) throw invalid(`${name} uses compression method ${method}`);
      if (method === 0 && compressedSize !== uncompressedSize) throw invalid(`stored entry ${name} declares two sizes`);
      if (localOffset + 30 > cdOffset || b.readUInt32LE(localOffset) !== SIG_LOCAL) throw invalid(`local header of ${name} missing`);
      const dataOffset = localOffset + 30 + b.readUInt16LE(localOffset + 26) + b.readUInt16LE(localOffset + 28);
      if (dataOffset + compressedSize > cdOffset) throw invalid(`${name} extends past its data`);
      entries.push({ name, method, compressedSize, uncompressedSize, dataOffset });
      p = nameEnd + extraLen + commentLen;
    }
    if (entries.length !== records) throw invalid(`central directory lists ${entries.length} entries, its end record ${records}`);
    return entries;
  } catch (e) {
    if (e instanceof RangeError) throw invalid(e.message);
    throw e;
  }
}

/**
 * Refuses an XLSX whose expansion is out of bounds (ARCHIVE_TOO_LARGE, 413) or whose directory
 * cannot be trusted (ARCHIVE_INVALID, 400), naming `field` and the limit. `verify` also inflates
 * each deflated entry with an output cap of its declared size: CPU work, for a worker thread.
 */
export function checkZipBounds(bytes: Uint8Array, field: string, options: { limits?: ZipLimits; verify?: boolean } = {}): void {
  const limits = options.limits ?? zipLimits();
  const tooLarge = (msg: string) => new AppError("ARCHIVE_TOO_LARGE", `${field}: ${msg}`, { field });
  if (bytes.byteLength > limits.maxUncompressedBytes) throw tooLarge(`XLSX 文件 ${mib(bytes.byteLength)}，上限 ${mib(limits.maxUncompressedBytes)} (xlsx file is ${mib(bytes.byteLength)}, at most ${mib(limits.maxUncompressedBytes)})`);
  const entries = readZipDirectory(bytes, field, limits);
  if (!entries) return;
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    if (total > limits.maxUncompressedBytes) {
      const all = entries.reduce((s, x) => s + x.uncompressedSize, 0);
      throw tooLarge(`XLSX 解压后 ${mib(all)}，上限 ${mib(limits.maxUncompressedBytes)} (xlsx expands to ${mib(all)}, at most ${mib(limits.maxUncompressedBytes)})`);
    }
    const ratio = e.uncompressedSize / Math.max(e.compressedSize, 1);
    if (e.uncompressedSize > RATIO_FLOOR_BYTES && ratio > limits.maxRatio) {
      throw tooLarge(`XLSX 内 ${e.name} 压缩比 ${Math.round(ratio)}:1，上限 ${limits.maxRatio}:1 (entry ${e.name} expands ${Math.round(ratio)}-fold, at most ${limits.maxRatio})`);
    }
  }
  if (!options.verify) return;
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const e of entries) {
    if (e.method !== 8) continue;
    let out: Buffer;
    try {
      // One byte more than declared is enough to know the directory lies; nothing beyond that is inflated.
      out = inflateRawSync(b.subarray(e.dataOffset, e.dataOffset + e.compressedSize), { maxOutputLength: Math.max(e.uncompressedSize + 1, 1) });
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === "ERR_BUFFER_TOO_LARGE" || err instanceof RangeError) {
        throw new AppError("ARCHIVE_INVALID", `${field}: XLSX 内 ${e.name} 解压后超过其声明的 ${e.uncompressedSize} 字节，拒绝读取 (entry ${e.name} inflates past its declared ${e.uncompressedSize} bytes)`, { field });
      }
      throw new AppError("ARCHIVE_INVALID", `${field}: XLSX 内 ${e.name} 无法解压 (entry ${e.name} does not inflate: ${(err as Error).message})`, { field });
    }
    if (out.length !== e.uncompressedSize) {
      throw new AppError("ARCHIVE_INVALID", `${field}: XLSX 内 ${e.name} 解压后 ${out.length} 字节，声明 ${e.uncompressedSize} 字节 (entry ${e.name} inflates to ${out.length} bytes, declared ${e.uncompressedSize})`, { field });
    }
  }
}
