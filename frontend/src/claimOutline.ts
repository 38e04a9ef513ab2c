// What the annotator draws for each claim: its span, quote, state and rating (the panel loads the rest).

import type { Claim, ClaimState } from "./api";

export interface ClaimOutline {
  id: number;
  /** Code point offsets in the current text; meaningless when `orphaned`. */
  start: number;
  end: number;
  quote: string;
  state: ClaimState;
  rating: string | null;
  /** Not on the current text: its quote was not found again after an edit. */
  orphaned: boolean;
}

/** The outline of a claim the API answered with, on the article's current revision `revision`. */
export function outlineOf(claim: Claim, revision: number): ClaimOutline {
  const position = claim.selectors.find((s) => s.type === "TextPositionSelector");
  const quote = claim.selectors.find((s) => s.type === "TextQuoteSelector");
  return {
    id: claim.id,
    start: position?.start ?? 0,
    end: position?.end ?? 0,
    quote: quote?.exact ?? "",
    state: claim.state,
    rating: claim.rating,
    orphaned: claim.anchoring_state === "orphaned" || claim.revision !== revision,
  };
}
