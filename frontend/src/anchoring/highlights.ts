// Splitting the article's paragraphs into runs of text covered by the same claims, so each
// run can be drawn as plain text or as one highlight (overlaps included) without nesting.

import { codePointLength } from "./codepoints";

export interface Highlight {
  id: number;
  start: number;
  end: number;
}

export interface Run {
  /** The run's text (a slice of the paragraph, UTF-16 string). */
  text: string;
  /** Code point offset of the run in the full text. */
  start: number;
  /** Ids of the claims covering the run, innermost (shortest) first; empty for plain text. */
  ids: number[];
}

export interface ParagraphRuns {
  /** Code point offset of the paragraph's first character in the full text. */
  start: number;
  runs: Run[];
}

/**
 * The paragraphs of `text` (split at "\n\n", as renderArticle does) cut into runs at every
 * highlight boundary. Highlights crossing a paragraph break are drawn on both sides; empty
 * or out-of-range highlights are ignored. Cost: O(text + highlights log highlights).
 */
export function paragraphRuns(text: string, highlights: readonly Highlight[]): ParagraphRuns[] {
  const codePoints = Array.from(text);
  const total = codePoints.length;
  const valid = highlights.filter((h) => h.start < h.end && h.start >= 0 && h.end <= total);
  // Boundary events: where highlights open and close.
  const opens = new Map<number, Highlight[]>();
  const closes = new Map<number, Highlight[]>();
  for (const h of valid) {
    (opens.get(h.start) ?? opens.set(h.start, []).get(h.start))?.push(h);
    (closes.get(h.end) ?? closes.set(h.end, []).get(h.end))?.push(h);
  }
  const boundaries = [...new Set([...opens.keys(), ...closes.keys()])].sort((a, b) => a - b);
  const active = new Map<number, Highlight>();
  const result: ParagraphRuns[] = [];
  let paragraph: ParagraphRuns = { start: 0, runs: [] };
  result.push(paragraph);
  let boundaryIndex = 0;
  let runStart = 0;
  let runText = "";

  const activeIds = (): number[] =>
    [...active.values()].sort((a, b) => a.end - a.start - (b.end - b.start) || a.id - b.id).map((h) => h.id);
  const flush = (at: number): void => {
    if (runText !== "") paragraph.runs.push({ text: runText, start: runStart, ids: activeIds() });
    runText = "";
    runStart = at;
  };

  for (let offset = 0; offset <= total; offset += 1) {
    if (boundaryIndex < boundaries.length && boundaries[boundaryIndex] === offset) {
      flush(offset);
      for (const h of closes.get(offset) ?? []) active.delete(h.id);
      for (const h of opens.get(offset) ?? []) active.set(h.id, h);
      boundaryIndex += 1;
    }
    if (offset === total) break;
    const ch = codePoints[offset] ?? "";
    if (ch === "\n" && codePoints[offset + 1] === "\n") {
      // A paragraph break: the two "\n" belong to no paragraph.
      flush(offset);
      paragraph = { start: offset + 2, runs: [] };
      result.push(paragraph);
      runStart = offset + 2;
      // The second "\n" may itself be a boundary; handle it before skipping it.
      offset += 1;
      while (boundaryIndex < boundaries.length && (boundaries[boundaryIndex] ?? Infinity) <= offset) {
        const at = boundaries[boundaryIndex] ?? offset;
        for (const h of closes.get(at) ?? []) active.delete(h.id);
        for (const h of opens.get(at) ?? []) active.set(h.id, h);
        boundaryIndex += 1;
      }
      continue;
    }
    runText += ch;
  }
  flush(total);
  return result;
}

/** Code point length of a run (for tests and callers that need offsets). */
export function runLength(run: Run): number {
  return codePointLength(run.text);
}
