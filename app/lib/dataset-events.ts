"use client";
import { useEffect, useRef } from "react";

// One page changes the dataset (generate, advance); the header's as-of date, rendered outside
// that page, has to follow without a reload.
const EVENT = "churn-guard:dataset-changed";

export function announceDatasetChanged(): void {
  window.dispatchEvent(new Event(EVENT));
}

export function useDatasetChanged(onChange: () => void): void {
  const handler = useRef(onChange);
  handler.current = onChange;
  useEffect(() => {
    const listener = () => handler.current();
    window.addEventListener(EVENT, listener);
    return () => window.removeEventListener(EVENT, listener);
  }, []);
}
