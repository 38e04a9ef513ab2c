import { render } from "preact";
import { describe, expect, it } from "vitest";

import { MatchDifferences } from "./Matches";

function draw(only_here: string[], only_there: string[]): HTMLElement {
  const host = document.createElement("div");
  render(<MatchDifferences differences={{ only_here, only_there }} />, host);
  return host;
}

describe("MatchDifferences", () => {
  it("names what each claim says that the other does not", () => {
    expect(draw(["sheep"], ["2023"]).textContent).toBe("Only in this claim: sheep · Only in the earlier one: 2023");
    expect(draw([], ["region", "£4m"]).textContent).toBe("Only in the earlier one: region, £4m");
  });

  it("says nothing when the two claims say the same words", () => {
    expect(draw([], []).innerHTML).toBe("");
  });

  it("shows words as text, never as markup", () => {
    const host = draw(["<img src=x onerror=alert(1)>"], []);
    expect(host.querySelector("img")).toBeNull();
    expect(host.textContent).toContain("<img src=x onerror=alert(1)>");
  });
});
