import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { takeTurn, turnsWaiting } from "../../lib/runtime/fair-turns";

/** 30 requests at once, then — once all 30 are on the wire — a probe. */
const CLIENTS = `
const { request } = require("node:http");
const { parentPort, workerData } = require("node:worker_threads");
const get = (path) => new Promise((resolve, reject) => {
  const r = request({ host: "127.0.0.1", port: workerData.port, path, agent: false }, (res) => { res.resume(); res.on("end", resolve); });
  r.on("error", reject);
  r.end();
});
const burst = Array.from({ length: 30 }, () => get("/busy"));
setTimeout(() => Promise.all([...burst, get("/probe")]).then(() => parentPort.postMessage("done")), 5);
`;

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // the synchronous part of a request: parse, execute, serialise
  }
};

describe("takeTurn", () => {
  it("releases waiters in order, one per loop turn, so a timer due meanwhile runs between two of them", async () => {
    const order: string[] = [];
    const works = [1, 2, 3].map((k) => takeTurn().then(() => (order.push(`w${k}`), busy(15))));
    setTimeout(() => order.push("timer"), 0);
    expect(turnsWaiting()).toBe(3);
    await Promise.all(works);
    expect(order.filter((x) => x.startsWith("w"))).toEqual(["w1", "w2", "w3"]);
    // Without turns, w1..w3 would run back to back in one callback and the timer after all three.
    expect(order.indexOf("timer")).toBeLessThan(order.indexOf("w2"));
    expect(turnsWaiting()).toBe(0);
  });

  describe("on an HTTP server", () => {
    let server: Server | undefined;
    afterEach(async () => {
      await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
      server = undefined;
    });

    it("answers a probe that arrives behind a burst of busy requests before the burst is through", async () => {
      const finished: string[] = [];
      server = createServer((req, res) => {
        if (req.url === "/probe") {
          finished.push("probe");
          res.end("ok");
          return;
        }
        void takeTurn().then(() => {
          busy(20);
          finished.push("busy");
          res.end("done");
        });
      });
      await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
      const { port } = server.address() as AddressInfo;
      // The clients live on another thread, as real ones do: with them on this loop, each request
      // would only be written once the previous answer had freed the loop.
      const clients = new Worker(CLIENTS, { eval: true, workerData: { port } });
      const done = await new Promise<string>((resolve, reject) => {
        clients.once("message", resolve);
        clients.once("error", reject);
      });
      await clients.terminate();
      expect(done).toBe("done");
      const at = finished.indexOf("probe");
      expect(finished.filter((x) => x === "busy")).toHaveLength(30);
      // Without turns the server runs each busy answer as its request arrives, all 30 before the probe's: it comes last.
      // With them the probe is answered on arrival, ahead of the queued ones (600 ms of work to arrive within).
      expect(at).toBeGreaterThanOrEqual(0);
      expect(at).toBeLessThan(30);
    });
  });
});
