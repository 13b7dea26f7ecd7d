/**
 * The built-in value maps of the import (lib/data/import/mapping.ts), grouped for display:
 * per field, each standard value with the spellings read as it.
 */
import { FEATURES } from "../../lib/data/catalog";
import { CUSTOMER_TYPE_VALUES, EVENT_TYPE_VALUES, FIELDS, OPEN_CHANNEL_VALUES, RISK_TOLERANCE_VALUES, type FileKind } from "../../lib/data/import/mapping";

export interface ValueMapRow {
  /** Standard value as shown (e.g. "C1 保守"). */
  standard: string;
  spellings: string[];
}

export interface FieldOption {
  key: string;
  zh: string;
  required: boolean;
}

/** The fields a column of each file may map to, in the importer's order. */
export const FIELD_OPTIONS: Readonly<Record<FileKind, readonly FieldOption[]>> = {
  customers: FIELDS.customers.map((f) => ({ key: f.key, zh: f.zh, required: f.required })),
  activity: FIELDS.activity.map((f) => ({ key: f.key, zh: f.zh, required: f.required })),
  events: FIELDS.events.map((f) => ({ key: f.key, zh: f.zh, required: f.required })),
};

const categories = (key: string) => FEATURES.find((f) => f.key === key)?.categories ?? [];

function group<T extends string | number>(m: ReadonlyMap<string, T>, label: (v: T) => string): ValueMapRow[] {
  const by = new Map<T, string[]>();
  for (const [spelling, v] of m) by.set(v, [...(by.get(v) ?? []), spelling]);
  return [...by.entries()].map(([v, spellings]) => ({ standard: label(v), spellings }));
}

const EVENT_ZH: Record<string, string> = { close: "销户 close", transfer: "转户 transfer", asset_out: "资产转出 asset_out" };

/** Built-in value maps of the category fields, keyed by field. */
export const BUILT_IN_VALUE_MAPS: Readonly<Record<string, ValueMapRow[]>> = {
  customer_type: group(CUSTOMER_TYPE_VALUES, (v) => categories("customer_type")[v] ?? String(v)),
  risk_tolerance: group(RISK_TOLERANCE_VALUES, (v) => categories("risk_tolerance")[v] ?? String(v)),
  open_channel: group(OPEN_CHANNEL_VALUES, (v) => categories("open_channel")[v] ?? String(v)),
  event_type: group(EVENT_TYPE_VALUES, (v) => EVENT_ZH[v] ?? v),
};
