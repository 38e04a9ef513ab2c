// The article drawn from its canonical text as text nodes, with every claim highlighted.
//
// The DOM shape is the one anchoring/domOffsets.ts reads: one <p data-start> per paragraph,
// text only in Text nodes, highlights as <mark> wrappers that never change an offset.

import type { Ref } from "preact";
import { memo } from "preact/compat";
import { useMemo } from "preact/hooks";

import type { Claim } from "../api";
import { type Highlight, paragraphRuns } from "../anchoring/highlights";

export type ColourBy = "state" | "rating";

interface Props {
  body: string;
  language: string;
  claims: readonly Claim[];
  selectedId: number | null;
  colourBy: ColourBy;
  ratingTone: (slug: string | null) => string;
  containerRef: Ref<HTMLDivElement>;
  onPick: (claimId: number) => void;
}

export function claimSpan(claim: Claim): { start: number; end: number } | null {
  const position = claim.selectors.find((s) => s.type === "TextPositionSelector");
  return position === undefined ? null : { start: position.start, end: position.end };
}

function ArticleTextImpl({ body, language, claims, selectedId, colourBy, ratingTone, containerRef, onPick }: Props) {
  const byId = useMemo(() => new Map(claims.map((c) => [c.id, c])), [claims]);
  const paragraphs = useMemo(() => {
    const highlights: Highlight[] = [];
    for (const claim of claims) {
      const span = claimSpan(claim);
      if (span !== null) highlights.push({ id: claim.id, ...span });
    }
    return paragraphRuns(body, highlights);
  }, [body, claims]);

  const onClick = (event: MouseEvent): void => {
    // A click that ends a selection is for marking, not for picking a claim.
    const selection = event.view?.getSelection();
    if (selection !== null && selection !== undefined && !selection.isCollapsed) return;
    const mark = (event.target as Element).closest("mark[data-claim]");
    if (mark !== null) onPick(Number(mark.getAttribute("data-claim")));
  };

  return (
    <div ref={containerRef} class={`article-body colour-by-${colourBy}`} onClick={onClick} lang={language}>
      {paragraphs.map((paragraph) => (
        <p key={paragraph.start} data-start={String(paragraph.start)}>
          {paragraph.runs.length === 0
            ? ""
            : paragraph.runs.map((run) => {
                const innermost = run.ids[0];
                if (innermost === undefined) return run.text;
                const claim = byId.get(innermost);
                const classes = [
                  "hl",
                  `state-${claim?.state ?? "draft"}`,
                  `tone-${ratingTone(claim?.rating ?? null)}`,
                  run.ids.length > 1 ? "overlap" : "",
                  selectedId !== null && run.ids.includes(selectedId) ? "selected" : "",
                ];
                return (
                  <mark
                    key={run.start}
                    class={classes.join(" ").trim()}
                    data-claim={String(innermost)}
                    data-claims={run.ids.join(" ")}
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

/** Redrawn only when the text, the claims, the selection or the colouring change. */
export const ArticleText = memo(ArticleTextImpl);
