/** GraphQL nulls mean "not given" to the actions. */
export function present<T extends object>(input: T | null | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(input ?? {}).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;
}
