import { describe, expect, it } from "vitest";

import { safeHref } from "./safety";

describe("safeHref", () => {
  it("keeps absolute http and https urls", () => {
    expect(safeHref("https://stats.example.org/members")).toBe("https://stats.example.org/members");
    expect(safeHref(" http://example.org ")).toBe("http://example.org/");
  });

  it("refuses every other scheme and relative or empty urls", () => {
    for (const url of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>x", "vbscript:x", "/local", "", null]) {
      expect(safeHref(url)).toBeNull();
    }
  });
});
