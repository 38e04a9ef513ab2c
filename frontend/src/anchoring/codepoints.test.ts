import { describe, expect, it } from "vitest";

import { codePointLength, codePointToUtf16, utf16ToCodePoint } from "./codepoints";

const GRINNING = "\u{1F600}"; // 😀: one code point, two UTF-16 units
const FAMILY = "\u{1F468}\u200D\u{1F469}\u200D\u{1F467}"; // 👨‍👩‍👧: 5 code points, 8 units
const FLAG_NO = "\u{1F1F3}\u{1F1F4}"; // 🇳🇴: 2 regional indicators, 4 units
const E_ACUTE = "e\u0301"; // e + COMBINING ACUTE ACCENT: 2 code points, 2 units

/** Every UTF-16 offset that starts a code point, plus the end: what the server can name. */
function boundaries(text: string): number[] {
  const result = [0];
  let i = 0;
  for (const ch of text) {
    i += ch.length;
    result.push(i);
  }
  return result;
}

describe("ASCII", () => {
  const text = "NATO has 31 members";

  it("maps every offset to itself", () => {
    for (let i = 0; i <= text.length; i += 1) {
      expect(utf16ToCodePoint(text, i)).toBe(i);
      expect(codePointToUtf16(text, i)).toBe(i);
    }
  });

  it("handles the empty string", () => {
    expect(utf16ToCodePoint("", 0)).toBe(0);
    expect(codePointToUtf16("", 0)).toBe(0);
    expect(codePointLength("")).toBe(0);
  });
});

describe("surrogate pairs", () => {
  const text = `a${GRINNING}b`; // units: a, hi, lo, b

  it("counts a pair as one code point", () => {
    expect(text.length).toBe(4);
    expect(codePointLength(text)).toBe(3);
    expect(utf16ToCodePoint(text, 0)).toBe(0);
    expect(utf16ToCodePoint(text, 1)).toBe(1);
    expect(utf16ToCodePoint(text, 3)).toBe(2);
    expect(utf16ToCodePoint(text, 4)).toBe(3);
    expect(codePointToUtf16(text, 1)).toBe(1);
    expect(codePointToUtf16(text, 2)).toBe(3);
    expect(codePointToUtf16(text, 3)).toBe(4);
  });

  it("refuses an offset between the halves of a pair", () => {
    expect(() => utf16ToCodePoint(text, 2)).toThrow(RangeError);
    expect(() => utf16ToCodePoint(GRINNING, 1)).toThrow(/surrogate pair/);
  });

  it("counts a lone surrogate as one code point, as Python does", () => {
    const lone = "a\uD83Db\uDE00"; // unpaired high, then unpaired low
    expect(codePointLength(lone)).toBe(4);
    for (let i = 0; i <= lone.length; i += 1) {
      expect(utf16ToCodePoint(lone, i)).toBe(i);
      expect(codePointToUtf16(lone, i)).toBe(i);
    }
  });
});

describe("emoji sequences", () => {
  it("counts a ZWJ family as its five code points", () => {
    const text = `${FAMILY}!`;
    expect(FAMILY.length).toBe(8);
    expect(codePointLength(FAMILY)).toBe(5);
    expect(utf16ToCodePoint(text, 8)).toBe(5);
    expect(codePointToUtf16(text, 5)).toBe(8);
    // The ZWJs are single units: after man (2 units) + ZWJ (1) comes woman at unit 3.
    expect(utf16ToCodePoint(text, 3)).toBe(2);
    expect(codePointToUtf16(text, 2)).toBe(3);
    expect(() => utf16ToCodePoint(text, 4)).toThrow(RangeError);
  });

  it("counts a flag as two regional indicators", () => {
    const text = `Norway ${FLAG_NO} joins`;
    expect(codePointLength(FLAG_NO)).toBe(2);
    expect(utf16ToCodePoint(text, 7)).toBe(7);
    expect(utf16ToCodePoint(text, 9)).toBe(8);
    expect(utf16ToCodePoint(text, 11)).toBe(9);
    expect(codePointToUtf16(text, 9)).toBe(11);
    expect(text.slice(codePointToUtf16(text, 10))).toBe("joins");
  });
});

describe("combining marks", () => {
  it("counts base and mark separately, without surrogates", () => {
    const text = `caf${E_ACUTE} au lait`;
    expect(codePointLength(text)).toBe(text.length);
    expect(utf16ToCodePoint(text, 4)).toBe(4); // between "e" and the accent
    expect(codePointToUtf16(text, 5)).toBe(5);
  });
});

describe("out of range", () => {
  const text = `x${GRINNING}y`; // 4 units, 3 code points

  it.each([-1, 5, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    "utf16ToCodePoint refuses %s",
    (index) => {
      expect(() => utf16ToCodePoint(text, index)).toThrow(RangeError);
    },
  );

  it.each([-1, 4, 0.5, Number.NaN, Number.POSITIVE_INFINITY])(
    "codePointToUtf16 refuses %s",
    (index) => {
      expect(() => codePointToUtf16(text, index)).toThrow(RangeError);
    },
  );

  it("accepts the end of the text", () => {
    expect(utf16ToCodePoint(text, 4)).toBe(3);
    expect(codePointToUtf16(text, 3)).toBe(4);
  });
});

describe("round trips", () => {
  const samples = [
    "",
    "plain ASCII text",
    `${GRINNING}${GRINNING}${GRINNING}`,
    `The ${FAMILY} and the ${FLAG_NO} flag`,
    `Ge\u0301ne\u0301ral ${E_ACUTE}\u0327 \u{20000}\u{2A6D6} 日本語`,
    "line one\n\nline two \u{1D400}\u{1D401}",
  ];

  it.each(samples)("code point -> UTF-16 -> code point is the identity for %j", (text) => {
    const length = codePointLength(text);
    expect(length).toBe(Array.from(text).length);
    for (let cp = 0; cp <= length; cp += 1) {
      expect(utf16ToCodePoint(text, codePointToUtf16(text, cp))).toBe(cp);
    }
  });

  it.each(samples)("UTF-16 -> code point -> UTF-16 is the identity on boundaries of %j", (text) => {
    for (const unit of boundaries(text)) {
      expect(codePointToUtf16(text, utf16ToCodePoint(text, unit))).toBe(unit);
    }
  });

  it("agrees with Array.from on random strings", () => {
    // A small deterministic generator, so a failure reproduces.
    let seed = 0x5eed;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    const alphabet = ["a", " ", "\n", E_ACUTE, "é", GRINNING, "\u200D", "\u{1F1F3}", "日", "\u{10FFFF}"];
    for (let round = 0; round < 200; round += 1) {
      let text = "";
      const parts = next() % 30;
      for (let k = 0; k < parts; k += 1) {
        text += alphabet[next() % alphabet.length] ?? "";
      }
      const chars = Array.from(text);
      for (let cp = 0; cp <= chars.length; cp += 1) {
        const unit = chars.slice(0, cp).join("").length;
        expect(codePointToUtf16(text, cp)).toBe(unit);
        expect(utf16ToCodePoint(text, unit)).toBe(cp);
      }
    }
  });

  it("selects the same substring as a code point slice would", () => {
    const text = `${FAMILY} NATO has 31 members ${FLAG_NO}`;
    const chars = Array.from(text);
    const start = chars.indexOf("N");
    const end = start + "NATO has 31 members".length;
    const quote = text.slice(codePointToUtf16(text, start), codePointToUtf16(text, end));
    expect(quote).toBe("NATO has 31 members");
    expect(chars.slice(start, end).join("")).toBe(quote);
  });
});
