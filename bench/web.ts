/**
 * `npm run bench -- web`: time until the charts are drawn on a slow phone link, cold cache.
 * The real server (production build, fresh PGlite) with a 3,000-customer timeline and a trained
 * model; Debian's Chromium with the link throttled through the DevTools protocol
 * (Network.emulateNetworkConditions: 1.6 Mbit/s down, 750 kbit/s up, 150 ms latency).
 * For the overview, one customer and the SHAP page: from navigation start until every chart on
 * the page reports data-plot-state="ready", plus the bytes that crossed the wire and each
 * request's start, wait (latency + server time) and end from Chromium's network events.
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
/** Each page is measured this many times (BENCH_WEB_ROUNDS), every time with a cold browser cache. */
const ROUNDS = Math.max(1, Number(process.env.BENCH_WEB_ROUNDS ?? 3) || 3);

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

/** One request as Chromium's network events saw it, in ms from the navigation's first request. */
interface RequestFigures {
  url: string;
  type: string;
  startMs: number;
  /** Request sent until the response's headers arrived: latency plus server time. */
  waitMs: number;
  endMs: number;
  kib: number;
  encoding: string;
}

interface PageFigures {
  route: string;
  chartsMs: number;
  charts: number;
  transferredKiB: number;
  requests: RequestFigures[];
  /** When each chart (by test id) reported ready, ms from navigation start. */
  chartsReady: Record<string, number>;
  /** When the Plotly chunk's last byte arrived (the one chunk over 200 KB), ms from navigation start. */
  plotlyArrivedMs: number;
}

interface CdpRequest { requestId: string; timestamp: number; type?: string; request: { url: string; method: string; postData?: string } }
interface CdpResponse { requestId: string; timestamp: number; response: { headers: Record<string, string>; timing?: { requestTime: number; sendEnd: number; receiveHeadersEnd: number } } }
interface CdpFinished { requestId: string; timestamp: number; encodedDataLength: number }

/** A short name for a request: path, or the GraphQL operation's name. */
function requestName(url: string, postData: string | undefined, origin: string): string {
  const u = url.startsWith(origin) ? url.slice(origin.length) : url;
  const op = postData ? /"operationName":"(\w+)"/.exec(postData)?.[1] ?? /(?:query|mutation)\s+(\w+)/.exec(postData)?.[1] : undefined;
  return op ? `${u} ${op}` : u.length > 70 ? `${u.slice(0, 67)}…` : u;
}

async function measure(context: BrowserContext, origin: string, route: string, expectedCharts: number): Promise<PageFigures> {
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
  const seen = new Map<string, { name: string; type: string; start: number; headers?: number; encoding: string; end?: number; bytes: number }>();
  cdp.on("Network.requestWillBeSent", (e: CdpRequest) => {
    seen.set(e.requestId, { name: requestName(e.request.url, e.request.postData, origin), type: e.type ?? "", start: e.timestamp, encoding: "", bytes: 0 });
  });
  cdp.on("Network.responseReceived", (e: CdpResponse) => {
    const r = seen.get(e.requestId);
    if (!r) return;
    const t = e.response.timing;
    r.headers = t ? t.requestTime + t.receiveHeadersEnd / 1000 : e.timestamp;
    r.encoding = e.response.headers["content-encoding"] ?? e.response.headers["Content-Encoding"] ?? "";
  });
  cdp.on("Network.loadingFinished", (e: CdpFinished) => {
    bytes += e.encodedDataLength;
    const r = seen.get(e.requestId);
    if (r) {
      r.end = e.timestamp;
      r.bytes = e.encodedDataLength;
    }
  });
  // When each chart became ready, and when the Plotly chunk finished arriving: how long drawing took.
  await page.addInitScript(() => {
    const w = window as unknown as { __chartsReady: Record<string, number> };
    w.__chartsReady = {};
    new MutationObserver(() => {
      for (const f of document.querySelectorAll('[data-plot-state="ready"]')) {
        const id = f.getAttribute("data-testid") ?? "chart";
        w.__chartsReady[id] ??= performance.now();
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-plot-state"], childList: true });
  });
  await page.goto(route, { waitUntil: "commit" });
  // Every chart the page shows, drawn: the page's own state, read in the page at that moment.
  await page.waitForFunction(
    // Counted, not "all present are ready": some charts mount only after others' data arrived.
    (expected) => {
      const figs = [...document.querySelectorAll("[data-plot-state]")];
      return figs.length >= expected && figs.every((f) => f.getAttribute("data-plot-state") === "ready");
    },
    expectedCharts,
    { timeout: 120_000, polling: 50 },
  );
  const { at, charts, chartsReady, plotlyArrived } = await page.evaluate(() => ({
    at: performance.now(),
    charts: document.querySelectorAll("[data-plot-state]").length,
    chartsReady: (window as unknown as { __chartsReady: Record<string, number> }).__chartsReady,
    plotlyArrived: Math.max(0, ...performance.getEntriesByType("resource").filter((e) => /\/_next\/static\/chunks\/.+\.js$/.test(e.name) && (e as PerformanceResourceTiming).encodedBodySize > 200_000).map((e) => (e as PerformanceResourceTiming).responseEnd)),
  }));
  await page.close();
  const all = [...seen.values()];
  const t0 = Math.min(...all.map((r) => r.start));
  const requests = all
    .sort((a, b) => a.start - b.start)
    .map((r) => ({
      url: r.name,
      type: r.type,
      startMs: (r.start - t0) * 1000,
      waitMs: r.headers === undefined ? NaN : (r.headers - r.start) * 1000,
      endMs: r.end === undefined ? NaN : (r.end - t0) * 1000,
      kib: r.bytes / 1024,
      encoding: r.encoding,
    }));
  return { route, chartsMs: at, charts, transferredKiB: bytes / 1024, requests, chartsReady, plotlyArrivedMs: plotlyArrived };
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
    // Each page with the number of charts it draws.
    const pages: [string, number][] = [["/", 1], [`/customers/${encodeURIComponent(customerId)}`, 3], ["/shap", 4]];
    const routes = pages.map(([r]) => r);
    const label = (route: string) => (route.startsWith("/customers/") ? "customer" : route === "/" ? "overview" : route);
    // A server that has just started renders its first page with cold modules (~0.6 s more); a
    // running one has served pages before. One plain request per route first, not timed.
    for (const route of routes) await fetch(`${server.url}${route}`, { headers: { cookie } }).then((r) => r.text());
    const rounds: { load: number; rows: PageFigures[] }[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const load = loadavg()[0]!;
      const rows: PageFigures[] = [];
      for (const [route, charts] of pages) rows.push(await measure(context, server.url, route, charts));
      rounds.push({ load, rows });
    }
    console.log(`\n## SHAP summary response, 600 samples (gzip computed here)\n`);
    console.table(payloads);
    console.log(`partialDependence (20 × 200, 50 ICE lines), round trip: ${pdMs.toFixed(1)} ms median of 5`);
    console.log(`\n## Web: time to charts drawn, cold browser cache, ${LINK.downloadBitsPerSecond / 1e6} Mbit/s down / ${LINK.latencyMs} ms latency (goal < ${GOAL_MS / 1000} s), ${ROUNDS} rounds\n`);
    console.table(
      rounds.flatMap(({ load, rows }, i) =>
        rows.map((r) => ({
          round: i + 1,
          "load (1 min)": Number(load.toFixed(2)),
          page: label(r.route),
          "charts drawn": `${(r.chartsMs / 1000).toFixed(2)} s`,
          charts: r.charts,
          transferred: `${r.transferredKiB.toFixed(0)} KiB`,
          goal: r.chartsMs < GOAL_MS ? "met" : "missed",
        })),
      ),
    );
    const medians = routes.map((route) => {
      const times = rounds.map((r) => r.rows.find((x) => x.route === route)!.chartsMs).sort((a, b) => a - b);
      return { page: label(route), "median charts drawn": `${(times[Math.floor(times.length / 2)]! / 1000).toFixed(2)} s` };
    });
    console.table(medians);
    console.log(`load average (1 min) after ${loadavg()[0]!.toFixed(2)}`);
    console.log(`\n## When Plotly arrived and each chart was drawn (ms from navigation start, last round)\n`);
    console.table(
      rounds[rounds.length - 1]!.rows.map((r) => ({ page: label(r.route), "plotly arrived": Math.round(r.plotlyArrivedMs), ...Object.fromEntries(Object.entries(r.chartsReady).map(([k, v]) => [k, Math.round(v)])) })),
    );
    for (const r of rounds[rounds.length - 1]!.rows) {
      console.log(`\n### ${r.route}, last round: requests (ms from the first request; wait = sent → headers: latency + server time)\n`);
      console.table(r.requests.map((q) => ({ request: q.url, type: q.type, start: Math.round(q.startMs), wait: Math.round(q.waitMs), end: Math.round(q.endMs), KiB: Number(q.kib.toFixed(1)), enc: q.encoding })));
    }
  } finally {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
    await server.stop();
    if (server.pgliteDir) rmSync(server.pgliteDir, { recursive: true, force: true });
  }
}
