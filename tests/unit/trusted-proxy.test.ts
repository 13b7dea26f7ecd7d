import { describe, expect, it } from "vitest";
import { clientInfo, parseTrustedProxies } from "../../lib/config/trusted-proxy";
import { parseEnv } from "../../lib/config/env";

describe("TRUSTED_PROXY and the client address", () => {
  const loopback = parseTrustedProxies("loopback");
  const lan = parseTrustedProxies("10.0.0.0/8, 192.168.1.5, fd00::/8");
  const none = parseTrustedProxies("");

  it("ignores X-Forwarded-* unless the peer is a trusted proxy", () => {
    const h = { "x-forwarded-for": "203.0.113.9", "x-forwarded-proto": "https" };
    expect(clientInfo("198.51.100.4", h, none)).toEqual({ address: "198.51.100.4", https: false });
    expect(clientInfo("198.51.100.4", h, loopback)).toEqual({ address: "198.51.100.4", https: false });
    expect(clientInfo("127.0.0.1", h, loopback)).toEqual({ address: "203.0.113.9", https: true });
    expect(clientInfo("::ffff:127.0.0.1", h, loopback)).toEqual({ address: "203.0.113.9", https: true });
    expect(clientInfo("::1", h, loopback).address).toBe("203.0.113.9");
  });

  it("reads X-Forwarded-For right to left and stops at the first untrusted hop (left of it can be forged)", () => {
    const forged = { "x-forwarded-for": "1.2.3.4, 203.0.113.9, 10.1.2.3" };
    expect(clientInfo("10.9.9.9", forged, lan).address).toBe("203.0.113.9");
    expect(clientInfo("192.168.1.5", { "x-forwarded-for": "10.0.0.7" }, lan).address).toBe("10.0.0.7");
    // Garbage in the header: the last address we could vouch for.
    expect(clientInfo("10.9.9.9", { "x-forwarded-for": "not-an-ip" }, lan).address).toBe("10.9.9.9");
    expect(clientInfo("10.9.9.9", { "x-forwarded-for": "fd00::1, 2001:db8::5" }, lan).address).toBe("2001:db8::5");
    expect(clientInfo("10.9.9.9", {}, lan)).toEqual({ address: "10.9.9.9", https: false });
  });

  it("takes the protocol the client used from the outermost proxy", () => {
    expect(clientInfo("127.0.0.1", { "x-forwarded-proto": "https, http" }, loopback).https).toBe(true);
    expect(clientInfo("127.0.0.1", { "x-forwarded-proto": "http" }, loopback).https).toBe(false);
  });

  it("refuses a setting that is not addresses or CIDR ranges, naming the entry", () => {
    for (const bad of ["10.0.0.0/33", "example.com", "10.0.0.1/8/9", "::1/129", "10.0.0.0/x"]) {
      expect(() => parseTrustedProxies(bad)).toThrow(bad);
      expect(() => parseEnv({ TRUSTED_PROXY: bad } as unknown as NodeJS.ProcessEnv)).toThrow(/TRUSTED_PROXY/);
    }
    expect(parseEnv({ TRUSTED_PROXY: "loopback,10.0.0.0/8" } as unknown as NodeJS.ProcessEnv).TRUSTED_PROXY).toBe("loopback,10.0.0.0/8");
  });
});
