import { describe, expect, it } from "vitest";
import { ApiError } from "../../app/lib/graphql-client";
import { errorsText, errorText, localizedMessage } from "../../app/lib/i18n/errors";
import { ERROR_CODES } from "../../lib/errors/registry";

describe("UI error text by code", () => {
  it("shows the registered text of the code in the viewer's language with the field and limit the server named", () => {
    const e = { code: "BAD_USER_INPUT", field: "filter.search", message: "filter.search 最长 64 个字符 (at most 64 characters)" };
    expect(errorText(e, "zh")).toBe("输入有误：filter.search 最长 64 个字符");
    expect(errorText(e, "en")).toBe("Invalid input: filter.search: at most 64 characters");
  });

  it("uses the registry's own texts for every code", () => {
    for (const [code, spec] of Object.entries(ERROR_CODES)) {
      expect(errorText({ code, message: "" }, "zh")).toBe(spec.zh);
      expect(errorText({ code, message: "" }, "en")).toBe(spec.en);
    }
  });

  it("shows an internal error generically with its request id, never the server's wording", () => {
    const e = { code: "INTERNAL_SERVER_ERROR", requestId: "r-42", message: "relation predictions does not exist" };
    expect(errorText(e, "en")).toBe("Internal server error (request r-42)");
    expect(errorText(e, "zh")).toBe("服务器内部错误 (请求 r-42)");
  });

  it("falls back to the server's message for an unknown code or none", () => {
    expect(errorText({ code: "TEAPOT", message: "茶壶 (teapot)" }, "en")).toBe("teapot");
    expect(errorText({ message: "plain words" }, "zh")).toBe("plain words");
  });

  it("takes the parenthesised English as the English half and the rest as the Chinese", () => {
    const m = "first 必须是 1 到 200 之间的整数 (must be an integer in 1..200), 收到 500";
    expect(localizedMessage(m, "zh")).toBe("first 必须是 1 到 200 之间的整数, 收到 500");
    expect(localizedMessage(m, "en")).toBe("must be an integer in 1..200");
    expect(localizedMessage("模型 3 不存在 (model not found)", "zh")).toBe("模型 3 不存在");
    // Parentheses that are not an English translation stay.
    expect(localizedMessage("weeks 取值 1–52（1..52）", "zh")).toBe("weeks 取值 1–52（1..52）");
    expect(localizedMessage("C1 (保守)", "en")).toBe("C1 (保守)");
  });

  it("joins several errors once each", () => {
    const a = { code: "FORBIDDEN", message: "需要 admin 角色 (admin role required)" };
    expect(errorsText([a, a], "en")).toBe("Not allowed for your role: admin role required");
  });

  it("an ApiError carries each error's code and field for the lookup", () => {
    const e = new ApiError("x", 400, ["x"], ["BAD_USER_INPUT"], ["first"], [{ message: "first 必须是 1 到 200 之间的整数 (must be an integer in 1..200), 收到 500", code: "BAD_USER_INPUT", field: "first" }]);
    expect(errorsText(e.entries, "en")).toBe("Invalid input: first: must be an integer in 1..200");
    expect(errorsText(e.entries, "zh")).toBe("输入有误：first 必须是 1 到 200 之间的整数, 收到 500");
  });
});
