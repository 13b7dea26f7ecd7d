import { describe, expect, it } from "vitest";
import { checkPasswordPolicy, isCommonPassword } from "../../lib/auth/password";

describe("password policy", () => {
  it("refuses the most common passwords whatever their case, naming why", () => {
    for (const pw of ["password123", "Password123", "qwertyuiop", "1q2w3e4r5t", "1234567890", "basketball"]) {
      expect(isCommonPassword(pw)).toBe(true);
      expect(checkPasswordPolicy(pw)).toMatch(/常见|common/);
    }
  });

  it("accepts uncommon passwords of 10..200 characters and still checks the length and NUL", () => {
    expect(checkPasswordPolicy("admin-password-123")).toBeNull();
    expect(checkPasswordPolicy("窗外的梧桐树叶子黄了吗")).toBeNull();
    expect(checkPasswordPolicy("short")).toMatch(/10/);
    expect(checkPasswordPolicy("x".repeat(201))).toMatch(/200/);
    expect(checkPasswordPolicy("ok-length\u0000pw")).toMatch(/NUL/);
  });
});
