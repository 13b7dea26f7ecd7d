import { createRequire } from "node:module";

/**
 * Typed wrapper over ml-xgboost's emscripten module (XGBoost ≈0.7 compiled to WebAssembly).
 *
 * Why not ml-xgboost's own JS class: it copies the training matrix onto the 5 MiB emscripten
 * stack (crashes near 45k rows × 30 features) and leaves subsample at 0.5. Here matrices go
 * through `_malloc`'d heap buffers and every parameter is set by the caller.
 *
 * Missing values: ml-xgboost builds its DMatrix with missing = −1 and aborts on NaN. Our
 * convention everywhere else is NaN = missing, so `toXgboostMatrix` maps NaN → −1 (a genuine
 * −1 would also be read as missing; the feature pipeline keeps values away from −1).
 *
 * Only load this inside a worker thread: the emscripten glue registers a process-wide
 * `uncaughtException` handler, and a C++ exception leaves the module in an unknown state.
 */

interface EmscriptenModule {
  isReady: Promise<unknown>;
  HEAPU8: Uint8Array;
  HEAP32: Int32Array;
  HEAPF32: Float32Array;
  _malloc(size: number): number;
  _free(ptr: number): void;
  _create_model(dataPtr: number, labelPtr: number, rows: number, cols: number): number;
  _train_full_model(model: number, iterations: number): void;
  _save_model(model: number): number;
  _get_file_content(ptr: number, size: number): void;
  _load_model(ptr: number, size: number): number;
  _predict_one(model: number, rowPtr: number, cols: number, outPtr: number): number;
  _free_memory_model(model: number): void;
  ccall(name: string, ret: null, argTypes: string[], args: unknown[]): unknown;
  Pointer_stringify(ptr: number, length?: number): string;
  print: (s: string) => void;
  printErr: (s: string) => void;
}

export class XgboostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "XgboostError";
  }
}

let loading: Promise<XgboostRuntime> | null = null;

/** Loads the WebAssembly module once per thread. */
export function loadXgboost(): Promise<XgboostRuntime> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    // Node's fetch cannot read a file path, so emscripten's streaming compile always fails and
    // prints a warning before falling back; skip straight to the ArrayBuffer path.
    const wa = WebAssembly as { instantiateStreaming?: unknown };
    const saved = wa.instantiateStreaming;
    wa.instantiateStreaming = undefined;
    try {
      const m = require("ml-xgboost/dist/wasm/xgboost.js") as EmscriptenModule;
      await m.isReady;
      return new XgboostRuntime(m);
    } finally {
      wa.instantiateStreaming = saved;
    }
  })();
  return loading;
}

/** NaN → −1 (ml-xgboost's missing marker), as float32 — the precision XGBoost trains in. */
export function toXgboostMatrix(X: ArrayLike<number>): Float32Array {
  const out = new Float32Array(X.length);
  for (let i = 0; i < X.length; i++) {
    const v = X[i]!;
    out[i] = Number.isNaN(v) ? -1 : v;
  }
  return out;
}

export class XgboostRuntime {
  /** Recent lines XGBoost logged; attached to error messages. */
  private readonly log: string[] = [];
  private poisoned: string | null = null;

  constructor(readonly m: EmscriptenModule) {
    const keep = (s: string) => {
      this.log.push(String(s));
      if (this.log.length > 20) this.log.shift();
    };
    m.print = keep;
    m.printErr = keep;
  }

  /**
   * Runs a wasm call, turning emscripten's thrown values into Errors. With exception catching
   * compiled out, a C++ `throw` surfaces as a string "<ptr> - Exception catching is disabled…";
   * ptr is the std::exception object, whose message pointer sits right after the vtable
   * (libc++ runtime_error layout), so we can read XGBoost's own message.
   */
  call<T>(what: string, fn: () => T): T {
    if (this.poisoned) throw new XgboostError(`XGBoost 模块已不可用 (module unusable after an earlier failure: ${this.poisoned})`);
    try {
      return fn();
    } catch (e) {
      const message = `XGBoost ${what} 失败 (failed): ${this.describe(e)}`;
      this.poisoned = message;
      throw new XgboostError(message);
    }
  }

  private describe(e: unknown): string {
    const text = e instanceof Error ? e.message : String(e);
    const m = /^(\d+) - Exception catching is disabled/.exec(text);
    if (m) {
      try {
        const ptr = Number(m[1]);
        const msgPtr = this.m.HEAP32[(ptr + 4) >> 2]!;
        if (msgPtr > 0 && msgPtr < this.m.HEAPU8.length) {
          const s = this.m.Pointer_stringify(msgPtr).slice(0, 500);
          if (/^[\x20-\x7e\n\t]+$/.test(s)) return s.trim();
        }
      } catch {
        // fall through to the generic text
      }
      const last = this.log[this.log.length - 1];
      return last ? `C++ exception; last log: ${last}` : "C++ exception";
    }
    return text.slice(0, 500);
  }

  /** Copies bytes into a fresh heap buffer; the caller frees it. */
  copyIn(bytes: Uint8Array): number {
    const ptr = this.m._malloc(Math.max(1, bytes.byteLength));
    if (!ptr) throw new XgboostError(`WebAssembly 内存不足 (cannot allocate ${bytes.byteLength} bytes)`);
    // HEAPU8 is re-created when the heap grows: always read it after the allocation.
    this.m.HEAPU8.set(bytes, ptr);
    return ptr;
  }
}

export interface BoosterOptions {
  /** Row-major nRows × nCols; NaN = missing. */
  X: ArrayLike<number>;
  /** 0/1 labels. */
  y: ArrayLike<number>;
  nRows: number;
  nCols: number;
  /** XGBoost parameter name → value; all of them are set (see params.ts toXgboostParams). */
  params: Record<string, string>;
}

/** One ml-xgboost booster with its training matrix; call dispose() when done. */
export class XgboostBooster {
  private handle: number;
  private rounds = 0;

  private constructor(
    private readonly rt: XgboostRuntime,
    handle: number,
    readonly nCols: number,
  ) {
    this.handle = handle;
  }

  static create(rt: XgboostRuntime, o: BoosterOptions): XgboostBooster {
    if (!(o.nRows > 0 && o.nCols > 0)) throw new XgboostError(`训练数据为空 (empty training matrix: ${o.nRows} × ${o.nCols})`);
    if (o.X.length !== o.nRows * o.nCols) throw new XgboostError(`X 长度 ${o.X.length} ≠ nRows × nCols (${o.nRows} × ${o.nCols})`);
    if (o.y.length !== o.nRows) throw new XgboostError(`y 长度 ${o.y.length} ≠ nRows ${o.nRows}`);
    const Xf = toXgboostMatrix(o.X);
    for (let i = 0; i < Xf.length; i++) {
      if (!Number.isFinite(Xf[i]!)) throw new XgboostError(`X[${Math.floor(i / o.nCols)}][${i % o.nCols}] 不是有限数 (not finite: ${Xf[i]})`);
    }
    const yf = Float32Array.from(o.y as ArrayLike<number>);
    const xPtr = rt.copyIn(new Uint8Array(Xf.buffer));
    let yPtr = 0;
    let handle = 0;
    try {
      yPtr = rt.copyIn(new Uint8Array(yf.buffer));
      handle = rt.call("create_model", () => rt.m._create_model(xPtr, yPtr, o.nRows, o.nCols));
    } finally {
      // XGDMatrixCreateFromMat copies the data, so the input buffers can go at once.
      rt.m._free(xPtr);
      if (yPtr) rt.m._free(yPtr);
    }
    if (!handle) throw new XgboostError("XGBoost create_model 返回空指针 (returned null)");
    const b = new XgboostBooster(rt, handle, o.nCols);
    try {
      b.setParams(o.params);
    } catch (e) {
      b.dispose();
      throw e;
    }
    return b;
  }

  /** Loads legacy binary model bytes (no training matrix: predict only). */
  static load(rt: XgboostRuntime, bytes: Uint8Array, nCols: number): XgboostBooster {
    const ptr = rt.copyIn(bytes);
    try {
      const handle = rt.call("load_model", () => rt.m._load_model(ptr, bytes.byteLength));
      if (!handle) throw new XgboostError("XGBoost 无法读取模型 (could not load model bytes)");
      return new XgboostBooster(rt, handle, nCols);
    } finally {
      rt.m._free(ptr);
    }
  }

  private get live(): number {
    if (!this.handle) throw new XgboostError("booster 已释放 (booster was disposed)");
    return this.handle;
  }

  setParams(params: Record<string, string>): void {
    const h = this.live;
    for (const [k, v] of Object.entries(params)) {
      this.rt.call(`set_param ${k}=${v}`, () => this.rt.m.ccall("set_param", null, ["number", "string", "string"], [h, k, v]));
    }
  }

  /** Appends n boosting rounds; calling it in chunks gives byte-identical models to one call. */
  trainRounds(n: number): void {
    if (!(Number.isInteger(n) && n > 0)) throw new XgboostError(`trainRounds: n 必须是正整数 (got ${n})`);
    const h = this.live;
    this.rt.call("train", () => this.rt.m._train_full_model(h, n));
    this.rounds += n;
  }

  get roundsTrained(): number {
    return this.rounds;
  }

  /** The model as XGBoost legacy binary bytes. */
  save(): Uint8Array {
    const h = this.live;
    const m = this.rt.m;
    const size = this.rt.call("save_model", () => m._save_model(h));
    if (!(size > 0)) throw new XgboostError(`XGBoost 保存模型失败 (save_model returned ${size})`);
    const ptr = m._malloc(size);
    try {
      this.rt.call("get_file_content", () => m._get_file_content(ptr, size));
      return m.HEAPU8.slice(ptr, ptr + size);
    } finally {
      m._free(ptr);
    }
  }

  /**
   * ml-xgboost's own prediction (probabilities for binary:logistic), one row at a time as the
   * library does. Slow; it is the reference the TypeScript predictor is checked against.
   */
  predict(X: ArrayLike<number>, nRows: number): Float64Array {
    const h = this.live;
    const m = this.rt.m;
    const nCols = this.nCols;
    const Xf = toXgboostMatrix(X);
    const rowPtr = m._malloc(nCols * 4);
    const outPtr = m._malloc(16);
    const out = new Float64Array(nRows);
    try {
      for (let r = 0; r < nRows; r++) {
        m.HEAPF32.set(Xf.subarray(r * nCols, (r + 1) * nCols), rowPtr >> 2);
        this.rt.call("predict", () => m._predict_one(h, rowPtr, nCols, outPtr));
        out[r] = m.HEAPF32[outPtr >> 2]!;
      }
    } finally {
      m._free(rowPtr);
      m._free(outPtr);
    }
    return out;
  }

  /** Frees the booster and its training matrix. Safe to call twice. */
  dispose(): void {
    if (!this.handle) return;
    const h = this.handle;
    this.handle = 0;
    try {
      this.rt.m._free_memory_model(h);
    } catch {
      // Freeing after a C++ failure may itself fail; the worker is discarded then anyway.
    }
  }
}
