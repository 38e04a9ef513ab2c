// The article drawn from its canonical text as text nodes, with every claim highlighted.
//
// The DOM shape is the one anchoring/domOffsets.ts reads: one <p data-start> per paragraph,
// text only in Text nodes, highlights as <mark> wrappers that never change an offset.

import type { Ref } from "preact";
import { memo } from "preact/compat";
import { useMemo } from "preact/hooks";

import type { Suggestion } from "../api";
import { type Highlight, paragraphRuns } from "../anchoring/highlights";
import type { ClaimOutline } from "../claimOutline";

export type ColourBy = "state" | "rating";

interface Props {
  body: string;
  language: string;
  claims: readonly ClaimOutline[];
  suggestions: readonly Suggestion[];
  selectedId: number | null;
  colourBy: ColourBy;
  ratingTone: (slug: string | null) => string;
  containerRef: Ref<HTMLDivElement>;
  onPick: (claimId: number) => void;
  onPickSuggestion: (suggestionId: number) => void;
}

export function suggestionSpan(suggestion: Suggestion): { start: number; end: number } | null {
  const position = suggestion.selectors.find((s) => s.type === "TextPositionSelector");
  return position === undefined ? null : { start: position.start, end: position.end };
}

function ArticleTextImpl({ body, language, claims, suggestions, selectedId, colourBy, ratingTone, containerRef, onPick, onPickSuggestion }: Props) {
  const byId = useMemo(() => new Map(claims.map((c) => [c.id, c])), [claims]);
  const paragraphs = useMemo(() => {
    const highlights: Highlight[] = [];
    for (const claim of claims) highlights.push({ id: claim.id, start: claim.start, end: claim.end });
    // Suggestions share the sweep with negative ids, so a run knows what covers it of both.
    for (const suggestion of suggestions) {
      const span = suggestionSpan(suggestion);
      if (span !== null) highlights.push({ id: -suggestion.id, ...span });
    }
    return paragraphRuns(body, highlights);
  }, [body, claims, suggestions]);

  const onClick = (event: MouseEvent): void => {
    // A click that ends a selection is for marking, not for picking a claim.
    const selection = event.view?.getSelection();
    if (selection !== null && selection !== undefined && !selection.isCollapsed) return;
    const mark = (event.target as Element).closest("mark[data-claim], mark[data-suggestion]");
    if (mark === null) return;
    const claim = mark.getAttribute("data-claim");
    if (claim !== null) onPick(Number(claim));
    else onPickSuggestion(Number(mark.getAttribute("data-suggestion")));
  };

  return (
    <div ref={containerRef} class={`article-body colour-by-${colourBy}`} onClick={onClick} lang={language}>
      {paragraphs.map((paragraph) => (
        <p key={paragraph.start} data-start={String(paragraph.start)}>
          {paragraph.runs.length === 0
            ? ""
            : paragraph.runs.map((run) => {
                const claimIds = run.ids.filter((id) => id > 0);
                const suggested = run.ids.some((id) => id < 0);
                const innermost = claimIds[0];
                if (innermost === undefined) {
                  const suggestion = run.ids[0];
                  if (suggestion === undefined) return run.text;
                  return (
                    <mark key={run.start} class="suggestion" data-suggestion={String(-suggestion)}>
                      {run.text}
                    </mark>
                  );
                }
                const claim = byId.get(innermost);
                const classes = [
                  "hl",
                  `state-${claim?.state ?? "draft"}`,
                  `tone-${ratingTone(claim?.rating ?? null)}`,
                  claimIds.length > 1 ? "overlap" : "",
                  suggested ? "suggested" : "",
                  selectedId !== null && run.ids.includes(selectedId) ? "selected" : "",
                ];
                return (
                  <mark
                    key={run.start}
                    class={classes.join(" ").trim()}
                    data-claim={String(innermost)}
                    data-claims={claimIds.join(" ")}
                  >
                    {run.text}
                  </mark>
                );
              })}
        </p>
      ))}
    </div>
  );
}

/** Redrawn only when the text, the claims, the suggestions, the selection or the colouring change. */
export const ArticleText = memo(ArticleTextImpl);
