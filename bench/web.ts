/**
 * `npm run bench -- web`: time until the charts are drawn on a slow phone link, cold cache.
 * The real server (production build, fresh PGlite) with a 3,000-customer timeline and a trained
 * model; Debian's Chromium with the link throttled through the DevTools protocol
 * (Network.emulateNetworkConditions: 1.6 Mbit/s down, 750 kbit/s up, 150 ms latency).
 * For the overview, one customer and the SHAP page: from navigation start until every chart on
 * the page reports data-plot-state="ready", plus the bytes that crossed the wire.
 * Needs `.next` (built when stale, like the browser tests).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { gzipSync } from "node:zlib";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { loginCookie, startTestServer, type RunningServer } from "../tests/support/server";

const LINK = { downloadBitsPerSecond: 1_600_000, uploadBitsPerSecond: 750_000, latencyMs: 150 };
const GOAL_MS = 4_000;

async function gql<T>(server: RunningServer, cookie: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = await fetch(`${server.url}/api/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await r.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL: ${body.errors?.map((e) => e.message).join("; ") ?? r.status}`);
  return body.data;
}

/** A dataset and a trained, active model, through the API like a user would. */
async function seed(server: RunningServer, cookie: string): Promise<string> {
  await gql(server, cookie, `mutation { generateDataset(input: { nCustomers: 3000 }) { id } }`);
  const run = await gql<{ trainModel: { id: number } }>(server, cookie, `mutation { trainModel(input: { rounds: 200 }) { id } }`);
  const deadline = Date.now() + 600_000;
  for (;;) {
    const r = await gql<{ modelRun: { status: string; error: string | null } }>(server, cookie, `query($id: Int!) { modelRun(id: $id) { status error } }`, { id: run.trainModel.id });
    if (r.modelRun.status === "SUCCEEDED") break;
    if (r.modelRun.status === "FAILED" || Date.now() > deadline) throw new Error(`training ${r.modelRun.status}: ${r.modelRun.error ?? "timed out"}`);
    await new Promise((res) => setTimeout(res, 1000));
  }
  const list = await gql<{ customers: { edges: { node: { id: string } }[] } }>(server, cookie, `query { customers(first: 1) { edges { node { id } } } }`);
  const id = list.customers.edges[0]?.node.id;
  if (!id) throw new Error("no customer to open");
  return id;
}

/** The SHAP summary's beeswarm as float arrays (deprecated) and packed, 600 samples like the page. */
async function shapPayloads(server: RunningServer, cookie: string): Promise<Record<string, Record<string, string>>> {
  const names = "key labelZh labelEn";
  const forms = {
    "beeswarm (floats)": `query { shapSummary(sampleSize: 600) { beeswarm { ${names} shap normalizedValue } } }`,
    beeswarmPacked: `query { shapSummary(sampleSize: 600) { beeswarmPacked { ${names} shapStep shapInt16 normalizedValueUint8 } } }`,
  };
  const out: Record<string, Record<string, string>> = {};
  for (const [name, query] of Object.entries(forms)) {
    const r = await fetch(`${server.url}/api/graphql`, { method: "POST", headers: { "content-type": "application/json", cookie }, body: JSON.stringify({ query }) });
    const text = await r.text();
    out[name] = { raw: `${(text.length / 1024).toFixed(1)} KiB`, gzip: `${(gzipSync(text).length / 1024).toFixed(1)} KiB` };
  }
  return out;
}

/** Server time of the PD/ICE query (20 grid points × 200 customers, 50 ICE lines), median of 5 after a warm-up. */
async function partialDependenceMs(server: RunningServer, cookie: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    await gql(server, cookie, `query { partialDependence(feature: "days_since_last_login") { pd } }`);
    if (i > 0) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

interface PageFigures {
  route: string;
  chartsMs: number;
  charts: number;
  transferredKiB: number;
}

async function measure(context: BrowserContext, route: string): Promise<PageFigures> {
  const page: Page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: LINK.latencyMs,
    downloadThroughput: LINK.downloadBitsPerSecond / 8,
    uploadThroughput: LINK.uploadBitsPerSecond / 8,
  });
  let bytes = 0;
  cdp.on("Network.loadingFinished", (e: { encodedDataLength: number }) => {
    bytes += e.encodedDataLength;
  });
  await page.goto(route, { waitUntil: "commit" });
  // Every chart the page shows, drawn: the page's own state, read in the page at that moment.
  await page.waitForFunction(
    () => {
      const figs = [...document.querySelectorAll("[data-plot-state]")];
      return figs.length > 0 && figs.every((f) => f.getAttribute("data-plot-state") === "ready");
    },
    undefined,
    { timeout: 120_000, polling: 50 },
  );
  const { at, charts } = await page.evaluate(() => ({ at: performance.now(), charts: document.querySelectorAll("[data-plot-state]").length }));
  await page.close();
  return { route, chartsMs: at, charts, transferredKiB: bytes / 1024 };
}

export async function benchWeb(): Promise<void> {
  const server = await startTestServer();
  const profile = mkdtempSync(path.join(tmpdir(), "churn-bench-web-"));
  let context: BrowserContext | undefined;
  try {
    const cookie = await loginCookie(server.url);
    const customerId = await seed(server, cookie);
    const payloads = await shapPayloads(server, cookie);
    const pdMs = await partialDependenceMs(server, cookie);
    context = await chromium.launchPersistentContext(profile, {
      executablePath: "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
      viewport: { width: 390, height: 844 },
      baseURL: server.url,
    });
    const [name, value] = cookie.split("=");
    await context.addCookies([{ name: name!, value: value!, url: server.url }]);
    const loadBefore = loadavg()[0]!;
    const rows: PageFigures[] = [];
    for (const route of ["/", `/customers/${encodeURIComponent(customerId)}`, "/shap"]) rows.push(await measure(context, route));
    console.log(`\n## SHAP summary response, 600 samples (gzip computed here)\n`);
    console.table(payloads);
    console.log(`partialDependence (20 × 200, 50 ICE lines), round trip: ${pdMs.toFixed(1)} ms median of 5`);
    console.log(`\nload average (1 min) before the page loads ${loadBefore.toFixed(2)}, after ${loadavg()[0]!.toFixed(2)}`);
    console.log(`\n## Web: time to charts drawn, cold cache, ${LINK.downloadBitsPerSecond / 1e6} Mbit/s down / ${LINK.latencyMs} ms latency (goal < ${GOAL_MS / 1000} s)\n`);
    console.table(
      Object.fromEntries(
        rows.map((r) => [
          r.route.startsWith("/customers/") ? "customer" : r.route === "/" ? "overview" : r.route,
          { "charts drawn": `${(r.chartsMs / 1000).toFixed(2)} s`, charts: r.charts, transferred: `${r.transferredKiB.toFixed(0)} KiB`, goal: r.chartsMs < GOAL_MS ? "met" : "missed" },
        ]),
      ),
    );
  } finally {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
    await server.stop();
    if (server.pgliteDir) rmSync(server.pgliteDir, { recursive: true, force: true });
  }
}
