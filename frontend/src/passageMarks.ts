// Marking, in a source's passage, the quantities that agree or differ with the claim's numbers.

import type { NumberDetail } from "./api";

export interface PassagePiece {
  text: string;
  detail: NumberDetail | null;
}

/** The passage cut into plain pieces and pieces that state one of the compared quantities. */
export function passagePieces(text: string, details: readonly NumberDetail[] | undefined): PassagePiece[] {
  const found: { start: number; end: number; detail: NumberDetail }[] = [];
  for (const detail of details ?? []) {
    if (detail.passage === "") continue;
    let from = 0;
    for (;;) {
      const at = text.indexOf(detail.passage, from);
      if (at < 0) break;
      const end = at + detail.passage.length;
      if (!found.some((f) => at < f.end && end > f.start)) {
        found.push({ start: at, end, detail });
        break;
      }
      from = at + 1;
    }
  }
  found.sort((a, b) => a.start - b.start);
  const pieces: PassagePiece[] = [];
  let cursor = 0;
  for (const f of found) {
    if (f.start > cursor) pieces.push({ text: text.slice(cursor, f.start), detail: null });
    pieces.push({ text: text.slice(f.start, f.end), detail: f.detail });
    cursor = f.end;
  }
  if (cursor < text.length || pieces.length === 0) pieces.push({ text: text.slice(cursor), detail: null });
  return pieces;
}
