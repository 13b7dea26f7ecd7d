import { BlockList, isIP } from "node:net";

/**
 * TRUSTED_PROXY: the reverse proxies whose X-Forwarded-For / X-Forwarded-Proto this server
 * believes. Unset, those headers are ignored (anyone can send them) and the client address is
 * the socket's peer. A comma list of addresses and CIDR ranges (IPv4 or IPv6), or "loopback"
 * (127.0.0.0/8 and ::1, a proxy on the same machine).
 */
export interface TrustedProxies {
  /** The setting as given, for start-up logs. */
  readonly source: string;
  trusts(address: string): boolean;
}

/** "::ffff:10.0.0.1" (an IPv4 peer on a dual-stack socket) → "10.0.0.1". */
export function normalizeAddress(address: string): string {
  const a = address.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  return mapped ? mapped[1]! : a;
}

/** Parses TRUSTED_PROXY; an entry that is neither an address nor a CIDR range is an error naming it. */
export function parseTrustedProxies(value: string): TrustedProxies {
  const list = new BlockList();
  const entries = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of entries) {
    if (entry.toLowerCase() === "loopback") {
      list.addSubnet("127.0.0.0", 8, "ipv4");
      list.addAddress("::1", "ipv6");
      continue;
    }
    const [addr, bits, extra] = entry.split("/");
    const family = isIP(addr ?? "");
    if (!family || extra !== undefined) throw new Error(`TRUSTED_PROXY: "${entry}" 不是 IP 地址或 CIDR 网段 (not an IP address or CIDR range)`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) {
      list.addAddress(addr!, type);
      continue;
    }
    const prefix = Number(bits);
    if (!/^\d{1,3}$/.test(bits) || prefix > (family === 4 ? 32 : 128)) {
      throw new Error(`TRUSTED_PROXY: "${entry}" 的前缀长度无效 (invalid prefix length)`);
    }
    list.addSubnet(addr!, prefix, type);
  }
  return {
    source: entries.join(","),
    trusts: (address: string) => {
      if (!entries.length) return false;
      const a = normalizeAddress(address);
      const family = isIP(a);
      return family !== 0 && list.check(a, family === 4 ? "ipv4" : "ipv6");
    },
  };
}

export interface ClientInfo {
  /** The client's address: the socket peer, or behind trusted proxies the nearest untrusted hop. */
  address: string;
  /** Whether the client's own connection was HTTPS (only a trusted proxy can say so). */
  https: boolean;
}

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v.join(",") : v);

/**
 * Who is on the other end. X-Forwarded-For is read right to left, skipping trusted proxies:
 * the first address not trusted is the client (entries left of it could be made up by the
 * client itself). Nothing is read from the headers unless the peer is a trusted proxy.
 */
export function clientInfo(
  peer: string | undefined,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  trusted: TrustedProxies,
): ClientInfo {
  const socketAddress = normalizeAddress(peer ?? "unknown");
  if (!trusted.trusts(socketAddress)) return { address: socketAddress, https: false };
  let address = socketAddress;
  const hops = (first(headers["x-forwarded-for"]) ?? "")
    .split(",")
    .map((s) => normalizeAddress(s))
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!isIP(hop)) break; // garbage: keep the last address we could vouch for
    address = hop;
    if (!trusted.trusts(hop)) break;
  }
  // Each proxy appends its own view; the left-most value is what the client's connection was.
  const proto = (first(headers["x-forwarded-proto"]) ?? "").split(",")[0]!.trim().toLowerCase();
  return { address, https: proto === "https" };
}
