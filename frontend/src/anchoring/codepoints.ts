// Conversions between code point offsets (the product's) and UTF-16 offsets (the DOM's).
//
// Every offset the server stores or sends counts Unicode code points of the article's
// canonical text, as Python's str does and as the W3C TextPositionSelector intends.
// JavaScript strings, DOM Ranges and Selections count UTF-16 code units instead, so
// any character outside the Basic Multilingual Plane (most emoji, many CJK extension
// characters, regional-indicator flags) counts as 2 here and 1 on the server. These
// functions are the only place where the two are converted.
//
// A lone (unpaired) surrogate counts as one code point, as it does when iterating a
// string with for...of and as it does in Python.

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** True when a surrogate pair starts at UTF-16 index `i` of `text`. */
function pairStartsAt(text: string, i: number): boolean {
  return (
    i + 1 < text.length &&
    isHighSurrogate(text.charCodeAt(i)) &&
    isLowSurrogate(text.charCodeAt(i + 1))
  );
}

function checkIndex(name: string, index: number, max: number): void {
  if (!Number.isInteger(index) || index < 0 || index > max) {
    throw new RangeError(`${name} ${String(index)} is outside 0..${String(max)}`);
  }
}

/** The number of code points in `text` (what Python's len() answers). */
export function codePointLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i += pairStartsAt(text, i) ? 2 : 1) {
    count += 1;
  }
  return count;
}

/**
 * The code point offset of the UTF-16 offset `utf16Index` in `text`.
 *
 * `utf16Index` may be `text.length` (the end of the text). Throws RangeError when it
 * is not an integer, is out of range, or falls between the two halves of a surrogate
 * pair, which is no position in the text the server knows.
 */
export function utf16ToCodePoint(text: string, utf16Index: number): number {
  checkIndex("UTF-16 index", utf16Index, text.length);
  let codePoints = 0;
  let i = 0;
  while (i < utf16Index) {
    i += pairStartsAt(text, i) ? 2 : 1;
    codePoints += 1;
  }
  if (i !== utf16Index) {
    throw new RangeError(
      `UTF-16 index ${String(utf16Index)} splits a surrogate pair (code point ${String(codePoints - 1)})`,
    );
  }
  return codePoints;
}

/**
 * The UTF-16 offset of the code point offset `cpIndex` in `text`.
 *
 * `cpIndex` may be the code point length of the text (its end). Throws RangeError when
 * it is not an integer or is out of range.
 */
export function codePointToUtf16(text: string, cpIndex: number): number {
  if (!Number.isInteger(cpIndex) || cpIndex < 0) {
    throw new RangeError(`code point index ${String(cpIndex)} is not a non-negative integer`);
  }
  let i = 0;
  for (let seen = 0; seen < cpIndex; seen += 1) {
    if (i >= text.length) {
      throw new RangeError(
        `code point index ${String(cpIndex)} is outside 0..${String(codePointLength(text))}`,
      );
    }
    i += pairStartsAt(text, i) ? 2 : 1;
  }
  return i;
}
