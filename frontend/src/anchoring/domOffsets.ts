// Mapping between DOM points/selections on the annotator page and code point offsets
// into the article's canonical text.
//
// The canonical text (NFC, "\n" line ends) is split into paragraphs at "\n\n". Each
// paragraph is rendered as one <p data-start="N"> child of the container, where N is
// the code point offset of the paragraph's first character in the full text. The
// paragraph's text lives in text nodes only, possibly split across highlight elements
// (<mark>); such wrappers never change an offset because only Text nodes are counted.
// The "\n\n" separators are not in the DOM: offsets of the second "\n" of a separator
// have no DOM point of their own (offsetToPoint maps them to the next paragraph).

import { codePointLength, codePointToUtf16, utf16ToCodePoint } from "./codepoints";

const PARAGRAPH_SEPARATOR = "\n\n";

export interface Span {
  start: number;
  end: number;
}

export interface TextPoint {
  node: Text;
  offset: number;
}

/** How to treat a Text offset that falls between the halves of a surrogate pair. */
type Snap = "strict" | "down" | "up";

/** Replace the container's content with one <p data-start> per paragraph of `text`. */
export function renderArticle(container: HTMLElement, text: string): void {
  const doc = container.ownerDocument;
  const paragraphs: HTMLParagraphElement[] = [];
  let start = 0;
  for (const paragraphText of text.split(PARAGRAPH_SEPARATOR)) {
    const p = doc.createElement("p");
    p.dataset["start"] = String(start);
    // Always one Text node, even for an empty paragraph, so offsetToPoint can answer.
    p.appendChild(doc.createTextNode(paragraphText));
    paragraphs.push(p);
    start += codePointLength(paragraphText) + PARAGRAPH_SEPARATOR.length;
  }
  container.replaceChildren(...paragraphs);
}

function isParagraph(node: Node): node is HTMLElement {
  return (
    node.nodeType === Node.ELEMENT_NODE &&
    (node as Element).tagName === "P" &&
    (node as Element).hasAttribute("data-start")
  );
}

function paragraphsOf(container: HTMLElement): HTMLElement[] {
  return Array.from(container.childNodes).filter(isParagraph);
}

function paragraphStart(p: HTMLElement): number {
  const raw = p.dataset["start"];
  const start = raw === undefined ? Number.NaN : Number(raw);
  if (!Number.isInteger(start) || start < 0) {
    throw new RangeError(`paragraph has an invalid data-start ${String(raw)}`);
  }
  return start;
}

function textNodesOf(root: Node): Text[] {
  const result: Text[] = [];
  const visit = (node: Node): void => {
    if (node.nodeType === Node.TEXT_NODE) {
      result.push(node as Text);
      return;
    }
    for (const child of Array.from(node.childNodes)) visit(child);
  };
  visit(root);
  return result;
}

function paragraphLength(p: HTMLElement): number {
  return textNodesOf(p).reduce((sum, t) => sum + codePointLength(t.data), 0);
}

/** The code point length of the full canonical text rendered in the container. */
function totalLength(container: HTMLElement): number {
  const paragraphs = paragraphsOf(container);
  const last = paragraphs[paragraphs.length - 1];
  return last === undefined ? 0 : paragraphStart(last) + paragraphLength(last);
}

/** Rebuild the canonical text from the DOM (paragraph gaps are "\n" characters). */
function canonicalText(container: HTMLElement): string {
  let text = "";
  let length = 0;
  for (const p of paragraphsOf(container)) {
    const start = paragraphStart(p);
    if (start > length) {
      text += "\n".repeat(start - length);
      length = start;
    }
    for (const t of textNodesOf(p)) {
      text += t.data;
      length += codePointLength(t.data);
    }
  }
  return text;
}

function textOffsetToCodePoint(text: string, offset: number, snap: Snap): number {
  try {
    return utf16ToCodePoint(text, offset);
  } catch (error) {
    if (snap === "strict" || !Number.isInteger(offset) || offset <= 0 || offset >= text.length) {
      throw error;
    }
    // The offset splits a surrogate pair: move to the pair's start or end.
    return utf16ToCodePoint(text, snap === "down" ? offset - 1 : offset + 1);
  }
}

/**
 * Code points of text inside `root` that precede the boundary point (node, offset),
 * or null when the point is not inside `root`.
 */
function codePointsBefore(root: Node, node: Node, offset: number, snap: Snap): number | null {
  let count = 0;
  const visit = (current: Node): boolean => {
    if (current === node) {
      if (current.nodeType === Node.TEXT_NODE) {
        count += textOffsetToCodePoint((current as Text).data, offset, snap);
      } else if (current.nodeType === Node.ELEMENT_NODE || current.nodeType === Node.DOCUMENT_FRAGMENT_NODE) {
        const children = Array.from(current.childNodes);
        if (!Number.isInteger(offset) || offset < 0 || offset > children.length) {
          throw new RangeError(`child index ${String(offset)} is outside 0..${String(children.length)}`);
        }
        for (const child of children.slice(0, offset)) {
          for (const t of textNodesOf(child)) count += codePointLength(t.data);
        }
      }
      // Other nodes (comments, ...) carry no article text: the point is at their start.
      return true;
    }
    if (current.nodeType === Node.TEXT_NODE) {
      count += codePointLength((current as Text).data);
      return false;
    }
    for (const child of Array.from(current.childNodes)) {
      if (visit(child)) return true;
    }
    return false;
  };
  return visit(root) ? count : null;
}

function pointToOffsetSnapped(container: HTMLElement, node: Node, offset: number, snap: Snap): number {
  if (node === container) {
    const children = Array.from(container.childNodes);
    if (!Number.isInteger(offset) || offset < 0 || offset > children.length) {
      throw new RangeError(`child index ${String(offset)} is outside 0..${String(children.length)}`);
    }
    const next = children.slice(offset).find(isParagraph);
    return next === undefined ? totalLength(container) : paragraphStart(next);
  }
  // Find the child of the container that holds the point.
  let top: Node | null = node;
  while (top !== null && top.parentNode !== container) top = top.parentNode;
  if (top === null) {
    throw new RangeError("the point is outside the article container");
  }
  if (!isParagraph(top)) {
    // Something other than a paragraph (should not happen with renderArticle):
    // map to the start of the next paragraph, as for a point between paragraphs.
    const children = Array.from(container.childNodes);
    return pointToOffsetSnapped(container, container, children.indexOf(top as ChildNode), snap);
  }
  const inParagraph = codePointsBefore(top, node, offset, snap);
  if (inParagraph === null) {
    throw new RangeError("the point is outside the article container");
  }
  return paragraphStart(top) + inParagraph;
}

/**
 * The code point offset in the full canonical text of the DOM point (node, offset),
 * where `offset` counts UTF-16 units in a Text node and children in an element.
 * Throws RangeError for a point outside the container or an invalid offset
 * (including one that splits a surrogate pair).
 */
export function pointToOffset(container: HTMLElement, node: Node, offset: number): number {
  return pointToOffsetSnapped(container, node, offset, "strict");
}

function isWhitespace(ch: string): boolean {
  return /^\s$/u.test(ch);
}

/**
 * The code point span of a selection Range, trimmed of surrounding whitespace, or null
 * when the range is collapsed, has an end outside the container, or selects only
 * whitespace. A selection across paragraphs spans their "\n\n" separators.
 */
export function selectionToSpan(container: HTMLElement, range: Range): Span | null {
  if (range.collapsed) return null;
  const inside = (node: Node): boolean => node === container || container.contains(node);
  if (!inside(range.startContainer) || !inside(range.endContainer)) return null;
  let start = pointToOffsetSnapped(container, range.startContainer, range.startOffset, "down");
  let end = pointToOffsetSnapped(container, range.endContainer, range.endOffset, "up");
  if (end < start) [start, end] = [end, start];
  const codePoints = Array.from(canonicalText(container));
  while (start < end && isWhitespace(codePoints[start] ?? "")) start += 1;
  while (end > start && isWhitespace(codePoints[end - 1] ?? "")) end -= 1;
  return start < end ? { start, end } : null;
}

/**
 * The DOM point (Text node, UTF-16 offset) of a code point offset in the full text.
 * An offset at a boundary between two Text nodes maps to the end of the first; an
 * offset inside a "\n\n" separator (after its first "\n") maps to the start of the
 * next paragraph. Throws RangeError for an offset outside the text.
 */
export function offsetToPoint(container: HTMLElement, offset: number): TextPoint {
  const total = totalLength(container);
  if (!Number.isInteger(offset) || offset < 0 || offset > total) {
    throw new RangeError(`offset ${String(offset)} is outside 0..${String(total)}`);
  }
  const paragraphs = paragraphsOf(container);
  for (const [index, p] of paragraphs.entries()) {
    const start = paragraphStart(p);
    const next = paragraphs[index + 1];
    const isLast = next === undefined;
    const end = start + paragraphLength(p);
    if (offset > end && !isLast && offset < paragraphStart(next)) {
      // Inside the separator: the point is the start of the next paragraph.
      return offsetToPoint(container, paragraphStart(next));
    }
    if (offset > end) continue;
    let local = Math.max(0, offset - start);
    const texts = textNodesOf(p);
    for (const t of texts) {
      const length = codePointLength(t.data);
      if (local <= length) return { node: t, offset: codePointToUtf16(t.data, local) };
      local -= length;
    }
    throw new RangeError(`paragraph at ${String(start)} has no text node`);
  }
  throw new RangeError(`offset ${String(offset)} is in no paragraph`);
}
