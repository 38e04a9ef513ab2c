import { describe, expect, it } from "vitest";

import { paragraphRuns } from "./highlights";

const plain = (text: string) => paragraphRuns(text, []).map((p) => p.runs.map((r) => r.text).join(""));

describe("paragraphRuns", () => {
  it("splits paragraphs as renderArticle does", () => {
    expect(plain("One.\n\nTwo.")).toEqual(["One.", "Two."]);
    expect(plain("a\n\n\nb")).toEqual("a\n\n\nb".split("\n\n"));
    expect(plain("a\n\n\n\nb")).toEqual("a\n\n\n\nb".split("\n\n"));
    expect(plain("line one\nline two")).toEqual(["line one\nline two"]);
    expect(paragraphRuns("a\n\nb", []).map((p) => p.start)).toEqual([0, 3]);
  });

  it("cuts runs at every boundary, overlaps listing the innermost claim first", () => {
    const [paragraph] = paragraphRuns("The alliance has 31 members now.", [
      { id: 1, start: 4, end: 28 },
      { id: 2, start: 17, end: 27 },
    ]);
    expect(paragraph?.runs.map((r) => [r.text, r.start, r.ids])).toEqual([
      ["The ", 0, []],
      ["alliance has ", 4, [1]],
      ["31 members", 17, [2, 1]],
      [" ", 27, [1]],
      ["now.", 28, []],
    ]);
  });

  it("counts code points: emoji and combining marks before a claim do not shift it", () => {
    const text = "🇪🇺 e\u0301 31 members";
    const [paragraph] = paragraphRuns(text, [{ id: 7, start: 6, end: 16 }]);
    const marked = paragraph?.runs.find((r) => r.ids.length > 0);
    expect(marked?.text).toBe("31 members");
    expect(marked?.start).toBe(6);
  });

  it("draws a claim across a paragraph break on both sides", () => {
    const result = paragraphRuns("ab\n\ncd", [{ id: 1, start: 1, end: 5 }]);
    expect(result.map((p) => p.runs.map((r) => [r.text, r.ids]))).toEqual([
      [
        ["a", []],
        ["b", [1]],
      ],
      [
        ["c", [1]],
        ["d", []],
      ],
    ]);
  });

  it("ignores empty and out-of-range claims", () => {
    const result = paragraphRuns("abc", [
      { id: 1, start: 2, end: 2 },
      { id: 2, start: 1, end: 9 },
    ]);
    expect(result[0]?.runs).toEqual([{ text: "abc", start: 0, ids: [] }]);
  });
});
