import type { CustomerSegmentsQuery, SegmentDimension } from "../../graphql/generated/client/graphql";
import { DEFAULT_STATE, toSearch, type CustomerListState } from "../customers/url-state";

export type Segment = NonNullable<CustomerSegmentsQuery["customerSegments"]>["segments"][number];

export const DIMENSIONS: readonly SegmentDimension[] = ["BRANCH", "CHANNEL", "CUSTOMER_TYPE", "RISK_TOLERANCE", "ASSET_BAND"];

/** The dimension in the URL (`?dim=branch`), branch by default. */
export function parseDimension(value: string | null): SegmentDimension {
  const up = (value ?? "").toUpperCase().replace(/-/g, "_");
  return (DIMENSIONS as readonly string[]).includes(up) ? (up as SegmentDimension) : "BRANCH";
}

export const dimensionParam = (d: SegmentDimension): string => d.toLowerCase().replace(/_/g, "-");

/** The customers list (active customers) filtered to one segment: the same rows the segment counts. */
export function customersHref(s: Segment): string {
  const state: CustomerListState = { ...DEFAULT_STATE };
  if (s.dimension === "BRANCH") state.branch = s.key;
  else if (s.dimension === "CHANNEL") state.channel = s.key as CustomerListState["channel"];
  else if (s.dimension === "CUSTOMER_TYPE") state.type = s.key as CustomerListState["type"];
  else if (s.dimension === "RISK_TOLERANCE") state.tol = s.key as CustomerListState["tol"];
  else {
    state.minA = s.minAssets == null ? "" : String(s.minAssets);
    state.maxA = s.maxAssets == null ? "" : String(s.maxAssets);
  }
  return `/customers${toSearch(state)}`;
}
