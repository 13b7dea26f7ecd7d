import { rmSync } from "node:fs";
import { gzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";
import { ADMIN, loginCookie, startTestServer, type RunningServer } from "../support/server";
import { launchBrowser, type Browser } from "./support/browser";

/**
 * The SHAP page's weight and its partial dependence chart (issue #16), in Chromium against the
 * real server: the beeswarm is drawn from the packed series (beeswarmPacked) and matches the
 * deprecated float arrays; the PD/ICE chart draws next to the dependence plot; the chosen feature
 * stays in the URL (?feature=) across a reload; the Plotly chunk the browser loads is the
 * partial bundle (app/lib/plotly-bundle.ts), not the full dist.
 */

let server: RunningServer;
let browser: Browser;
let page: Page;
let database: TestDb | undefined;
let cookie = "";

async function post(query: string, variables: Record<string, unknown> = {}): Promise<{ text: string; body: { data?: Record<string, unknown>; errors?: { message: string; extensions?: { code?: string } }[] } }> {
  const r = await fetch(`${server.url}/api/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ query, variables }),
  });
  const text = await r.text();
  return { text, body: JSON.parse(text) as never };
}

async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const { body } = await post(query, variables);
  if (body.errors?.length || !body.data) throw new Error(`GraphQL: ${JSON.stringify(body.errors)}`);
  return body.data as T;
}

async function plotReady(testId: string): Promise<void> {
  await page.waitForFunction((id) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute("data-plot-state") === "ready", testId, { timeout: 90_000 });
}

type Gd = HTMLElement & { data: { x: ArrayLike<number | null>; y: ArrayLike<number | null>; name?: string; mode?: string }[] };

describeEachDb("SHAP page: packed beeswarm, PD/ICE, ?feature=, partial Plotly (%s)", (kind) => {
  beforeAll(async () => {
    database = kind === "postgres" ? await createTestDb("postgres") : undefined;
    server = await startTestServer({ databaseUrl: database?.url });
    cookie = await loginCookie(server.url);
    await graphql("mutation { generateDataset(input: { nCustomers: 600, historyWeeks: 40, seed: 3 }) { id } }");
    const { trainModel } = await graphql<{ trainModel: { id: number } }>("mutation { trainModel { id } }");
    // expect.poll only works inside a test: wait for the training run by hand.
    for (let status = ""; status !== "SUCCEEDED"; ) {
      status = (await graphql<{ modelRun: { status: string } }>("query ($id: Int!) { modelRun(id: $id) { status } }", { id: trainModel.id })).modelRun.status;
      if (status === "FAILED" || status === "CANCELLED") throw new Error(`training ${status}`);
      if (status !== "SUCCEEDED") await new Promise((r) => setTimeout(r, 1000));
    }
    browser = await launchBrowser(server.url);
    ({ page } = browser);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/login?next=${encodeURIComponent("/shap")}`);
    await page.fill('input[name="email"]', ADMIN.email);
    await page.fill('input[name="password"]', ADMIN.password);
    await Promise.all([page.waitForURL((u) => u.pathname === "/shap", { timeout: 60_000 }), page.click('[data-testid="login-form"] button[type="submit"]')]);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (server?.pgliteDir) rmSync(server.pgliteDir, { recursive: true, force: true });
    await database?.destroy();
  });

  it("packed beeswarm: the same samples as the float arrays, in a fraction of the bytes", async () => {
    const names = "key labelZh labelEn";
    const old = await post(`query { shapSummary(sampleSize: 600) { beeswarm { ${names} shap normalizedValue } } }`);
    const packed = await post(`query { shapSummary(sampleSize: 600) { beeswarmPacked { ${names} shapStep shapInt16 normalizedValueUint8 } } }`);
    type Old = { key: string; shap: number[]; normalizedValue: number[] };
    type Packed = { key: string; shapStep: number; shapInt16: string; normalizedValueUint8: string };
    const o = (old.body.data!.shapSummary as { beeswarm: Old[] }).beeswarm;
    const p = (packed.body.data!.shapSummary as { beeswarmPacked: Packed[] }).beeswarmPacked;
    expect(p.map((s) => s.key)).toEqual(o.map((s) => s.key));
    for (const [i, s] of p.entries()) {
      const bytes = Buffer.from(s.shapInt16, "base64");
      expect(bytes.length).toBe(2 * o[i]!.shap.length);
      o[i]!.shap.forEach((v, k) => expect(Math.abs(bytes.readInt16LE(2 * k) * s.shapStep - v)).toBeLessThanOrEqual(s.shapStep / 2 + 1e-12));
      const values = Buffer.from(s.normalizedValueUint8, "base64");
      o[i]!.normalizedValue.forEach((v, k) => expect(Math.abs(values[k]! / 254 - v)).toBeLessThanOrEqual(0.5 / 254 + 1e-12));
    }
    const figures = {
      rawOld: old.text.length,
      rawPacked: packed.text.length,
      gzipOld: gzipSync(old.text).length,
      gzipPacked: gzipSync(packed.text).length,
    };
    console.log(`[e2e] beeswarm response, 600 samples: ${JSON.stringify(figures)}`);
    expect(figures.rawPacked * 4).toBeLessThan(figures.rawOld);
    expect(figures.gzipPacked * 2).toBeLessThan(figures.gzipOld);
  });

  it("partialDependence: grid ascending, PD = mean of the ICE lines when every sampled customer has one; bad input names the field", async () => {
    const { partialDependence: r } = await graphql<{ partialDependence: { grid: number[]; pd: number[]; ice: number[][]; sampleSize: number } }>(
      'query { partialDependence(feature: "days_since_last_login", gridPoints: 10, sampleSize: 40, iceLines: 40) { grid pd ice sampleSize } }',
    );
    expect(r.sampleSize).toBe(40);
    expect(r.ice).toHaveLength(40);
    expect(r.grid.length).toBeGreaterThan(2);
    for (let g = 1; g < r.grid.length; g++) expect(r.grid[g]!).toBeGreaterThan(r.grid[g - 1]!);
    r.pd.forEach((p, g) => expect(p).toBeCloseTo(r.ice.reduce((a, line) => a + line[g]!, 0) / r.ice.length, 9));
    const bad = await post('query { partialDependence(feature: "age", gridPoints: 500) { pd } }');
    expect(bad.body.errors?.[0]?.message).toMatch(/gridPoints .*2 到 50/);
    const unknown = await post('query { partialDependence(feature: "shoe_size") { pd } }');
    expect(unknown.body.errors?.[0]?.message).toMatch(/unknown feature: shoe_size/);
  });

  it("draws the beeswarm from the packed form and the PD/ICE chart; the chosen feature survives a reload", async () => {
    const asked: string[] = [];
    page.on("request", (r) => {
      if (r.url().endsWith("/api/graphql")) asked.push(r.postData() ?? "");
    });
    await page.goto("/shap");
    await plotReady("beeswarm-chart");
    expect(asked.some((q) => q.includes("beeswarmPacked"))).toBe(true);
    expect(asked.some((q) => /beeswarm\s*\{/.test(q))).toBe(false);
    const points = await page.evaluate(() => {
      const gd = document.querySelector('[data-testid="beeswarm-chart"] .js-plotly-plot') as Gd;
      return gd.data[0]!.x.length;
    });
    expect(points).toBeGreaterThan(1000); // up to 15 features × 600 customers

    await plotReady("ice-chart");
    const ice = await page.evaluate(() => {
      const gd = document.querySelector('[data-testid="ice-chart"] .js-plotly-plot') as Gd;
      const paths = document.querySelectorAll('[data-testid="ice-chart"] .scatterlayer path.js-line').length;
      return { traces: gd.data.length, iceBreaks: Array.from(gd.data[0]!.x).filter((v) => v === null).length, pdPoints: gd.data[1]!.y.length, paths };
    });
    expect(ice.traces).toBe(2);
    expect(ice.iceBreaks).toBe(50); // 50 ICE lines, each ended by a gap
    expect(ice.pdPoints).toBeGreaterThan(2);
    expect(ice.paths).toBeGreaterThanOrEqual(2);

    const select = page.locator('[data-testid="dependence-select"]');
    const options = await select.locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    const chosen = options[3]!;
    await select.selectOption(chosen);
    await page.waitForURL((u) => u.searchParams.get("feature") === chosen, { timeout: 30_000 });
    await page.reload();
    await plotReady("ice-chart");
    await plotReady("dependence-chart");
    expect(await page.locator('[data-testid="dependence-select"]').inputValue()).toBe(chosen);
    const label = await page.locator('[data-testid="ice-chart"] .chart-canvas').getAttribute("aria-label");
    const chosenLabel = await page.locator(`[data-testid="dependence-select"] option[value="${chosen}"]`).textContent();
    expect(label).toContain(chosenLabel!);
    expect(browser.problems).toEqual([]);
  });

  it("loads the partial Plotly bundle: no map, WebGL or sankey code, under 1.6 MB (the full dist is ~4.6 MB)", async () => {
    const scripts = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name).filter((n) => n.endsWith(".js")));
    let plotly: Buffer | undefined;
    for (const src of scripts) {
      const body = Buffer.from(await (await fetch(src)).arrayBuffer());
      if (body.includes("Plotly.react") || body.includes("plotly.js")) plotly = plotly && plotly.length > body.length ? plotly : body;
    }
    expect(plotly, "a loaded script holds Plotly").toBeDefined();
    console.log(`[e2e] Plotly chunk: ${plotly!.length} bytes, ${gzipSync(plotly!).length} gzip`);
    for (const marker of ["mapboxgl-ctrl", "maplibregl", "_regl", "gl-text"]) expect(plotly!.includes(marker), marker).toBe(false);
    expect(plotly!.length).toBeLessThan(1_600_000);
  });
});
