import { describe, expect, it } from "vitest";

describe("main entry", () => {
  it("marks the document when imported", async () => {
    delete document.documentElement.dataset["app"];
    await import("./main");
    expect(document.documentElement.dataset["app"]).toBe("factcheck");
    expect(document.documentElement.getAttribute("data-app")).toBe("factcheck");
  });
});
