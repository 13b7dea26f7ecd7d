/**
 * POSTs an alert as JSON to ALERT_WEBHOOK_URL. Never throws and never waits on the caller's path:
 * scoring goes on whatever the receiver does. Failures are logged with the host only (a URL may
 * carry a token in its path or query).
 */
export interface WebhookAlert {
  kind: string;
  severity: string;
  message: string;
  suggestion: string;
  features: { key: string; zh: string; psi: number; status: string }[];
  modelRunId: number;
  scoringRunId: number;
  asOfWeek: number;
}

const TIMEOUT_MS = 5_000;

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "(invalid url)";
  }
}

export async function postAlertWebhook(url: string, alert: WebhookAlert, fetchImpl: typeof fetch = fetch): Promise<boolean> {
  try {
    const res = await fetchImpl(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ source: "churn-monitor", alert }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!res.ok) console.warn(`[monitor] 告警 webhook 返回 ${res.status} (alert webhook answered ${res.status}) host=${hostOf(url)}`);
    return res.ok;
  } catch (e) {
    console.warn(`[monitor] 告警 webhook 发送失败 (alert webhook failed) host=${hostOf(url)}: ${(e as Error).name}`);
    return false;
  }
}
