import { beforeEach, describe, expect, it } from "vitest";

import { offsetToPoint, pointToOffset, renderArticle, selectionToSpan } from "./domOffsets";

const FLAG_EU = "\u{1F1EA}\u{1F1FA}"; // 🇪🇺: 2 code points, 4 UTF-16 units
const FAMILY = "\u{1F469}\u200D\u{1F469}\u200D\u{1F467}"; // 👩‍👩‍👧: 5 code points, 8 units
const G_TILDE = "g\u0303"; // no precomposed form: NFC keeps 2 code points

/** Code point count of a JS string, independent of the module under test. */
const cp = (s: string): number => Array.from(s).length;

/** Code point offset in `text` of the first occurrence of `needle`. */
function cpIndexOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`${needle} not in text`);
  return cp(text.slice(0, i));
}

/** The n-th <p> of the container and its single text node. */
function para(container: HTMLElement, n: number): { p: HTMLElement; text: Text } {
  const p = container.children[n] as HTMLElement;
  return { p, text: p.firstChild as Text };
}

function rangeOf(startNode: Node, startOffset: number, endNode: Node, endOffset: number): Range {
  const range = document.createRange();
  range.setStart(startNode, startOffset);
  range.setEnd(endNode, endOffset);
  return range;
}

/** Wrap UTF-16 [from, to) of a text node in a <mark>; returns the mark. */
function wrap(text: Text, from: number, to: number, claimId = "c1"): HTMLElement {
  const middle = text.splitText(from);
  middle.splitText(to - from);
  const mark = document.createElement("mark");
  mark.dataset["claimId"] = claimId;
  middle.replaceWith(mark);
  mark.appendChild(middle);
  return mark;
}

let container: HTMLElement;

beforeEach(() => {
  document.body.replaceChildren();
  container = document.createElement("div");
  document.body.appendChild(container);
});

describe("renderArticle", () => {
  it("renders one <p> per paragraph with code point data-start, as text", () => {
    const text = `${FLAG_EU} <b>EU</b>\nline two\n\nSecond ${FAMILY}\n\nThird`;
    renderArticle(container, text);
    const ps = Array.from(container.children) as HTMLElement[];
    expect(ps.map((p) => p.tagName)).toEqual(["P", "P", "P"]);
    expect(ps.map((p) => p.textContent)).toEqual([
      `${FLAG_EU} <b>EU</b>\nline two`,
      `Second ${FAMILY}`,
      "Third",
    ]);
    expect(container.querySelector("b")).toBeNull();
    expect(ps.map((p) => Number(p.dataset["start"]))).toEqual([
      0,
      cpIndexOf(text, "Second"),
      cpIndexOf(text, "Third"),
    ]);
  });

  it("replaces earlier content and renders an empty text as one empty paragraph", () => {
    renderArticle(container, "old");
    renderArticle(container, "");
    expect(container.children).toHaveLength(1);
    expect(container.textContent).toBe("");
    expect(offsetToPoint(container, 0).offset).toBe(0);
  });
});

describe("pointToOffset", () => {
  const text = `${FLAG_EU} ${FAMILY} ${G_TILDE}ato says NATO has 31 members.`;

  it("counts emoji and combining marks before the point as code points", () => {
    renderArticle(container, text);
    const { text: node } = para(container, 0);
    const utf16 = text.indexOf("NATO");
    expect(pointToOffset(container, node, utf16)).toBe(cpIndexOf(text, "NATO"));
    expect(pointToOffset(container, node, utf16)).toBe(utf16 - 2 - 3); // flag: 2 extra units, family: 3
    expect(pointToOffset(container, node, node.length)).toBe(cp(text));
  });

  it("keeps a single \\n from CRLF inside a paragraph", () => {
    const raw = `Line one ${FLAG_EU}\r\nline two\r\n\r\nNext ${G_TILDE} para`;
    const canonical = raw.replace(/\r\n/g, "\n").normalize("NFC");
    expect(canonical).toContain(G_TILDE);
    renderArticle(container, canonical);
    expect(container.children).toHaveLength(2);
    const first = para(container, 0).text;
    expect(first.data).toBe(`Line one ${FLAG_EU}\nline two`);
    expect(pointToOffset(container, first, first.data.indexOf("two"))).toBe(
      cpIndexOf(canonical, "two"),
    );
    const second = para(container, 1).text;
    expect(pointToOffset(container, second, second.data.indexOf("para"))).toBe(
      cpIndexOf(canonical, "para"),
    );
  });

  it("is not changed by <mark> highlights", () => {
    renderArticle(container, text);
    const node = para(container, 0).text;
    const at = text.indexOf("says");
    wrap(node, text.indexOf("NATO"), text.indexOf("31"));
    // After wrapping, the text before the mark is `node`, the mark holds "NATO has ".
    const mark = container.querySelector("mark") as HTMLElement;
    const inside = mark.firstChild as Text;
    expect(pointToOffset(container, node, at)).toBe(cpIndexOf(text, "says"));
    expect(pointToOffset(container, inside, 5)).toBe(cpIndexOf(text, "has"));
    const after = mark.nextSibling as Text;
    expect(pointToOffset(container, after, 0)).toBe(cpIndexOf(text, "31"));
  });

  it("maps an (element, childIndex) point via its child index", () => {
    renderArticle(container, `Intro\n\n${FAMILY} said X`);
    const { p, text: node } = para(container, 1);
    const mark = wrap(node, node.data.indexOf("said"), node.data.indexOf(" X"));
    const full = `Intro\n\n${FAMILY} said X`;
    expect(p.childNodes).toHaveLength(3);
    expect(pointToOffset(container, p, 0)).toBe(cpIndexOf(full, FAMILY));
    expect(pointToOffset(container, p, 1)).toBe(cpIndexOf(full, "said"));
    expect(pointToOffset(container, p, 2)).toBe(cpIndexOf(full, " X"));
    expect(pointToOffset(container, p, 3)).toBe(cp(full));
    expect(pointToOffset(container, mark, 0)).toBe(cpIndexOf(full, "said"));
    expect(pointToOffset(container, mark, 1)).toBe(cpIndexOf(full, " X"));
    expect(pointToOffset(container, container, 1)).toBe(cpIndexOf(full, FAMILY));
    expect(pointToOffset(container, container, 2)).toBe(cp(full));
  });

  it("throws RangeError for a point outside the container or splitting a pair", () => {
    renderArticle(container, `${FLAG_EU} text`);
    const outside = document.createTextNode("elsewhere");
    document.body.appendChild(outside);
    expect(() => pointToOffset(container, outside, 0)).toThrow(RangeError);
    expect(() => pointToOffset(container, document.body, 0)).toThrow(RangeError);
    expect(() => pointToOffset(container, para(container, 0).text, 1)).toThrow(RangeError);
  });
});

describe("selectionToSpan", () => {
  it("maps a selection after emoji and combining marks", () => {
    const text = `${FLAG_EU}${FAMILY} ${G_TILDE} NATO has 31 members.`;
    renderArticle(container, text);
    const node = para(container, 0).text;
    const from = text.indexOf("NATO");
    const to = text.indexOf(" members");
    const span = selectionToSpan(container, rangeOf(node, from, node, to));
    const start = cpIndexOf(text, "NATO");
    expect(span).toEqual({ start, end: start + cp("NATO has 31") });
    expect(Array.from(text).slice(span!.start, span!.end).join("")).toBe("NATO has 31");
  });

  it("spans the \\n\\n between two paragraphs", () => {
    const text = `First ${FLAG_EU} paragraph ends here.\n\n${FAMILY} Second starts here.`;
    renderArticle(container, text);
    const a = para(container, 0).text;
    const b = para(container, 1).text;
    const span = selectionToSpan(
      container,
      rangeOf(a, a.data.indexOf("ends"), b, b.data.indexOf(" starts")),
    );
    expect(span).toEqual({
      start: cpIndexOf(text, "ends"),
      end: cpIndexOf(text, " starts"),
    });
    expect(Array.from(text).slice(span!.start, span!.end).join("")).toBe(
      `ends here.\n\n${FAMILY} Second`,
    );
  });

  it("maps selections starting or ending inside a <mark>", () => {
    const text = `${G_TILDE}${FLAG_EU} The minister said unemployment fell by 3%.`;
    renderArticle(container, text);
    const node = para(container, 0).text;
    const mark = wrap(node, text.indexOf("said"), text.indexOf(" by"));
    const inMark = mark.firstChild as Text; // "said unemployment fell"
    const after = mark.nextSibling as Text; // " by 3%."

    const startsInside = selectionToSpan(
      container,
      rangeOf(inMark, inMark.data.indexOf("unemployment"), after, after.data.indexOf(".")),
    );
    expect(startsInside).toEqual({
      start: cpIndexOf(text, "unemployment"),
      end: cpIndexOf(text, "."),
    });

    const endsInside = selectionToSpan(
      container,
      rangeOf(node, node.data.indexOf("minister"), inMark, inMark.data.indexOf(" fell")),
    );
    expect(endsInside).toEqual({
      start: cpIndexOf(text, "minister"),
      end: cpIndexOf(text, " fell"),
    });
  });

  it("trims surrounding whitespace, including across a paragraph break", () => {
    const text = `${FAMILY} alpha   \n\n  beta ${FLAG_EU}`;
    renderArticle(container, text);
    const a = para(container, 0).text;
    const b = para(container, 1).text;
    // "  alpha   " selected: trimmed to "alpha".
    expect(selectionToSpan(container, rangeOf(a, a.data.indexOf(" alpha"), a, a.length))).toEqual({
      start: cpIndexOf(text, "alpha"),
      end: cpIndexOf(text, "alpha") + 5,
    });
    // From the trailing spaces of paragraph 1 into paragraph 2: trimmed to "beta".
    expect(
      selectionToSpan(container, rangeOf(a, a.data.indexOf("   "), b, b.data.indexOf(" " + FLAG_EU))),
    ).toEqual({ start: cpIndexOf(text, "beta"), end: cpIndexOf(text, "beta") + 4 });
  });

  it("widens an end that splits a surrogate pair to the whole code point", () => {
    const text = `ab\u{1F600}cd`;
    renderArticle(container, text);
    const a = para(container, 0).text;
    expect(selectionToSpan(container, rangeOf(a, 1, a, 3))).toEqual({ start: 1, end: 3 });
    expect(selectionToSpan(container, rangeOf(a, 3, a, 5))).toEqual({ start: 2, end: 4 });
  });

  it("returns null for only whitespace, collapsed or outside ranges", () => {
    const text = `${FLAG_EU}  word   \n\n  next`;
    renderArticle(container, text);
    const a = para(container, 0).text;
    const b = para(container, 1).text;
    expect(selectionToSpan(container, rangeOf(a, a.data.indexOf("  "), a, a.data.indexOf("word")))).toBeNull();
    expect(selectionToSpan(container, rangeOf(a, a.data.indexOf("   "), b, 2))).toBeNull();
    expect(selectionToSpan(container, rangeOf(a, 4, a, 4))).toBeNull();
    const outside = document.createTextNode("outside the article");
    document.body.appendChild(outside);
    expect(selectionToSpan(container, rangeOf(outside, 0, outside, 7))).toBeNull();
    expect(selectionToSpan(container, rangeOf(a, 0, outside, 7))).toBeNull();
  });
});

describe("offsetToPoint", () => {
  it("round-trips every code point offset of a text with emoji", () => {
    const text = `${FLAG_EU} a${FAMILY}b ${G_TILDE}\nc \u{1F600}`;
    renderArticle(container, text);
    const node = para(container, 0).text;
    const chars = Array.from(text);
    for (let i = 0; i <= chars.length; i += 1) {
      const point = offsetToPoint(container, i);
      expect(point.node).toBe(node);
      expect(point.offset).toBe(chars.slice(0, i).join("").length);
      expect(pointToOffset(container, point.node, point.offset)).toBe(i);
    }
  });

  it("round-trips across paragraphs and marks, mapping separator interiors forward", () => {
    const text = `${FAMILY} one\n\n${FLAG_EU} two three`;
    renderArticle(container, text);
    const second = para(container, 1).text;
    wrap(second, second.data.indexOf("two"), second.data.indexOf(" three"));
    const total = cp(text);
    const gapInside = cpIndexOf(text, "\n\n") + 1;
    for (let i = 0; i <= total; i += 1) {
      const point = offsetToPoint(container, i);
      expect(container.contains(point.node)).toBe(true);
      const expected = i === gapInside ? i + 1 : i;
      expect(pointToOffset(container, point.node, point.offset)).toBe(expected);
    }
    const inMark = offsetToPoint(container, cpIndexOf(text, "wo"));
    expect(inMark.node.parentElement?.tagName).toBe("MARK");
    expect(inMark.offset).toBe(1);
  });

  it("throws RangeError outside the text", () => {
    renderArticle(container, `${FLAG_EU}x`);
    expect(() => offsetToPoint(container, -1)).toThrow(RangeError);
    expect(() => offsetToPoint(container, 4)).toThrow(RangeError);
    expect(() => offsetToPoint(container, 1.5)).toThrow(RangeError);
    expect(offsetToPoint(container, 3).offset).toBe(5);
  });
});
