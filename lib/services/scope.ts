import type { AppServices } from "./app-services";
import type { ActiveScope } from "./read-cache";

/** The active dataset and model: the scope every customer query reads in (cached, see ReadCache). */
export function activeScope(s: Pick<AppServices, "cache">): Promise<ActiveScope> {
  return s.cache.scope();
}
