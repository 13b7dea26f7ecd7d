import { type NextRequest, NextResponse } from "next/server";
import { newNonce, pageCsp, sameOriginWebSocket } from "./lib/config/csp";

const dev = process.env.NODE_ENV !== "production";

/**
 * Gives every page response its own script nonce. Next reads the nonce from the
 * Content-Security-Policy *request* header set here and stamps it on the scripts it renders,
 * which is why every page is rendered per request (the root layout awaits `connection()`).
 * Any Content-Security-Policy header a client sends is overwritten, so it cannot pick the nonce.
 * The custom server (server.ts) hands every request but /api/graphql to Next, so this runs for
 * the pages it serves too.
 */
export function proxy(request: NextRequest) {
  // x-churn-proto is set by server.ts on every request (https only behind TRUSTED_PROXY).
  const ws = sameOriginWebSocket(request.headers.get("host"), request.headers.get("x-churn-proto") === "https");
  const csp = pageCsp(newNonce(), dev, ws);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  matcher: [
    {
      // Not API routes (their responses carry API_CSP, see app/api/_lib/rest.ts), not build
      // assets, and not router prefetches (an RSC payload is not a document, so it needs no policy).
      source: "/((?!api(?:/|$)|_next/static|_next/image|favicon\\.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
