import { describe, expect, it } from "vitest";
import { messageKeys } from "./idempotency-keys";
import { advanceStatus } from "./status-order";
import { DEFAULT_TEMPLATES, effectiveTemplate, renderTemplate, templateProblems } from "./templates";

describe("templates", () => {
  it("drops a line whose placeholders are all empty and keeps the rest", () => {
    const body = renderTemplate(DEFAULT_TEMPLATES.guest_code, { guest_name: "Jamie", property_name: "Loft", code: "1234", valid_from: "a", valid_until: "b" });
    expect(body).toBe("Hi Jamie, welcome to Loft!\nYour door code is 1234.\nIt works from a until b.");
  });

  it("flags unknown placeholders and a code template without {{code}}, and falls back to the default", () => {
    expect(templateProblems("guest_code", "Hi {{name}}")).toEqual(["unknown placeholder {{name}}", "the template must contain {{code}}"]);
    expect(templateProblems("guest_update", "Moved: {{valid_from}}")).toEqual([]);
    expect(effectiveTemplate("guest_code", "Hi {{name}}")).toEqual({ template: DEFAULT_TEMPLATES.guest_code, usedDefault: true });
    expect(effectiveTemplate("guest_code", "Code {{ code }}")).toEqual({ template: "Code {{ code }}", usedDefault: false });
  });

  it("does not expand placeholders inside substituted values", () => {
    expect(renderTemplate("Hi {{guest_name}}, code {{code}}", { guest_name: "{{code}}", code: "9" })).toBe("Hi {{code}}, code 9");
  });
});

describe("status order", () => {
  it("only moves forward, and final states never flip", () => {
    expect(advanceStatus("sent", "delivered")).toBe("delivered");
    expect(advanceStatus("delivered", "sent")).toBeNull();
    expect(advanceStatus("delivered", "failed")).toBeNull();
    expect(advanceStatus("failed", "delivered")).toBeNull();
    expect(advanceStatus("sending", "sent")).toBe("sent");
    expect(advanceStatus("sent", "queued")).toBeNull();
  });
});

describe("idempotency keys", () => {
  it("name one guest code message per stay and channel, one update per stay version", () => {
    // Ids, versions and channels only (keys are shown in logs and job dashboards), the same on every run.
    expect(messageKeys.guestCode("stay_1", "sms")).toBe("guest-code_stay_1_sms");
    expect(messageKeys.guestCode("stay_1", "sms")).not.toBe(messageKeys.guestCode("stay_1", "email"));
    expect(messageKeys.guestUpdate("stay_1", 2, "sms")).not.toBe(messageKeys.guestUpdate("stay_1", 3, "sms"));
  });

  it("name a new code message for each new PIN the host asked for, and the first one as before", () => {
    expect(messageKeys.guestCode("stay_1", "sms", 0)).toBe("guest-code_stay_1_sms");
    expect(messageKeys.guestCode("stay_1", "sms", 1)).toBe("guest-code_stay_1_pin1_sms");
    expect(messageKeys.guestCode("stay_1", "sms", 2)).not.toBe(messageKeys.guestCode("stay_1", "sms", 1));
  });
});
