import type { Actor } from "../../../lib/actions/action";
import type { ImportFile } from "../../../lib/data/import";

/** A multipart import upload: files by field, the mapping profile's JSON text, the training flag. */
export interface ImportUpload {
  customers: ImportFile | null;
  activity: ImportFile | null;
  events: ImportFile | null;
  weekly: ImportFile | null;
  mapping: string | null;
  forTraining: boolean;
  name: string | null;
  /** Files uploaded before (POST /api/datasets/import/uploads) instead of sending them again. */
  uploadId?: string | null;
}

/** What a REST route sends back; `toResponse` turns it into a Response. */
export interface RestResult {
  status: number;
  json?: unknown;
  body?: Uint8Array | string;
  /** A streamed body (exports): read as the client reads, so memory stays at one chunk. */
  stream?: AsyncIterable<Uint8Array>;
  contentType?: string;
  filename?: string;
  headers?: Record<string, string>;
}

/** The REST routes' operations; each throws AppErrors that `handle` maps through the error registry. */
export interface RestAdapter {
  authenticate(headers: Headers): Promise<Actor | null>;
  /** The caller, if the upload's action allows their role; checked before the body is read (401/403 otherwise). */
  mayUpload(who: Actor | null, upload: "dataset" | "model"): Actor;
  health(): Promise<RestResult>;
  login(body: unknown, clientKey: string): Promise<RestResult & { sessionToken?: string }>;
  logout(sessionToken: string | undefined): Promise<RestResult>;
  train(who: Actor | null, body: unknown): Promise<RestResult>;
  predict(who: Actor | null, body: unknown): Promise<RestResult>;
  customerInfo(who: Actor | null, id: string): Promise<RestResult>;
  plansWorkbook(who: Actor | null, batchId: string | null): Promise<RestResult>;
  modelFile(who: Actor | null, id: string, format: string | null): Promise<RestResult>;
  /** `view=list` with the list's filter and order: the customers list as filtered on the page; otherwise features, risk and SHAP of every customer. */
  customersCsv(who: Actor | null, query: URLSearchParams): Promise<RestResult>;
  datasetExport(who: Actor | null, id: string, format: string | null, file: string | null): Promise<RestResult>;
  report(who: Actor | null, format: string | null): Promise<RestResult>;
  importModel(who: Actor | null, json: string): Promise<RestResult>;
  importDataset(who: Actor | null, upload: ImportUpload): Promise<RestResult>;
  /** New weeks for a stored imported dataset (#13): the same multipart form as importDataset. */
  appendDatasetWeeks(who: Actor | null, id: string, upload: ImportUpload): Promise<RestResult>;
  importPreview(who: Actor | null, upload: ImportUpload, maxErrors: number | null): Promise<RestResult>;
  importErrorsCsv(who: Actor | null, upload: ImportUpload): Promise<RestResult>;
  importUploadFiles(who: Actor | null, upload: ImportUpload): Promise<RestResult>;
  /** Retention campaigns (#15): the advisors' workbook down and back up. */
  campaignWorkbook(who: Actor | null, id: string): Promise<RestResult>;
  importCampaignWorkbook(who: Actor | null, id: string, file: Uint8Array | null): Promise<RestResult>;
}
