import { badInput } from "../lib/errors/app-error";

export { badInput, fromZod, notFound } from "../lib/errors/app-error";

/** Checks a bounded integer argument; null/undefined passes through. */
export function intInRange(field: string, value: number | null | undefined, min: number, max: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badInput(field, `${field} 必须是 ${min} 到 ${max} 之间的整数 (must be an integer in ${min}..${max}), 收到 ${value}`);
  }
  return value;
}

export function numberInRange(field: string, value: number | null | undefined, min: number, max: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isFinite(value) || value < min || value > max) {
    throw badInput(field, `${field} 必须在 ${min} 到 ${max} 之间 (must be within ${min}..${max}), 收到 ${value}`);
  }
  return value;
}
