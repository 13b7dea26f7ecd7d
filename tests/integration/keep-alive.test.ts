/**
 * An idle keep-alive connection stays open longer than a client or proxy keeps its own idle
 * sockets (~60 s at most; Node's default agent 5 s would race Node's default server timeout of
 * 5 s). With the server closing first, a client reusing the socket at that instant got ECONNRESET.
 * Runs on PGlite only: what is tested is the HTTP front.
 */
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type RunningServer } from "../support/server";

/** Sends one GET on the socket and resolves with the status line of its answer. */
function get(sock: Socket, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    const onData = (b: Buffer) => {
      text += b.toString("latin1");
      const head = text.indexOf("\r\n\r\n");
      const length = /content-length:\s*(\d+)/i.exec(text);
      if (head >= 0 && length && text.length >= head + 4 + Number(length[1])) {
        sock.off("data", onData);
        sock.off("close", onClose);
        resolve(text.slice(0, text.indexOf("\r\n")));
      }
    };
    const onClose = () => reject(new Error(`connection closed before the answer to ${path}`));
    sock.on("data", onData);
    sock.once("close", onClose);
    sock.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`);
  });
}

describe("keep-alive connections", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer();
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("an idle connection is still open after 7 s and answers its next request", async () => {
    const sock = connect(server.port, "127.0.0.1");
    await new Promise<void>((r) => sock.once("connect", () => r()));
    let closedAt: number | null = null;
    const t0 = performance.now();
    sock.once("close", () => (closedAt = performance.now() - t0));
    expect(await get(sock, "/api/health")).toBe("HTTP/1.1 200 OK");
    await new Promise((r) => setTimeout(r, 7_000));
    expect(closedAt).toBeNull();
    expect(await get(sock, "/api/health")).toBe("HTTP/1.1 200 OK");
    sock.destroy();
  }, 30_000);
});
