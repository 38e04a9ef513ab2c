import { describe, expect, it } from "vitest";

import { passagePieces } from "./passageMarks";

describe("passagePieces", () => {
  it("marks the stated quantities with how they compare", () => {
    const pieces = passagePieces("Since 2023 the alliance has thirty-one members, not 30 members.", [
      { claim: "31 members", passage: "thirty-one members", relation: "agree" },
      { claim: "31 members", passage: "30 members", relation: "differ" },
    ]);
    expect(pieces.map((p) => [p.text, p.detail?.relation ?? null])).toEqual([
      ["Since 2023 the alliance has ", null],
      ["thirty-one members", "agree"],
      [", not ", null],
      ["30 members", "differ"],
      [".", null],
    ]);
  });

  it("leaves the passage whole when there is nothing to mark", () => {
    expect(passagePieces("No numbers.", undefined)).toEqual([{ text: "No numbers.", detail: null }]);
    expect(passagePieces("", [])).toEqual([{ text: "", detail: null }]);
  });
});
