import type { AppServices } from "./app-services";

/** The report's narrative writer: the configured LLM, or undefined for the template report. */
export function reportLlm(s: Pick<AppServices, "llm" | "plans">): ((prompt: string) => Promise<string>) | undefined {
  const cfg = s.llm;
  if (!cfg) return undefined;
  return async (prompt: string) => {
    const r = await s.plans.state.llmClients.get(cfg).complete([{ role: "user", content: prompt }], { stream: false });
    return r.text;
  };
}
