/** The liveness answer: server.ts serves it directly, the REST route (app/api/health) for dev and tests in-process. */
export const HEALTH_PATH = "/api/health";
export const HEALTH_BODY = { status: "ok", message: "API服务器运行正常" } as const;
