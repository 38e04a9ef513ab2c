import { render } from "preact";
import { createRef } from "preact";
import { describe, expect, it } from "vitest";

import type { ClaimOutline } from "../claimOutline";
import { selectionToSpan } from "../anchoring/domOffsets";
import { ArticleText } from "./ArticleText";

function claim(id: number, start: number, end: number, quote: string): ClaimOutline {
  return { id, start, end, quote, state: "draft", rating: null, orphaned: false };
}

function draw(body: string, claims: ClaimOutline[]): HTMLDivElement {
  const ref = createRef<HTMLDivElement>();
  const host = document.createElement("div");
  document.body.appendChild(host);
  render(
    <ArticleText
      body={body}
      language="en"
      claims={claims}
      suggestions={[]}
      selectedId={null}
      colourBy="state"
      ratingTone={() => "none"}
      containerRef={ref}
      onPick={() => undefined}
      onPickSuggestion={() => undefined}
    />,
    host,
  );
  if (ref.current === null) throw new Error("not drawn");
  return ref.current;
}

describe("ArticleText", () => {
  const body = "👍🏽 Café: NATO has 31 members.\n\n<img src=x onerror=alert(1)> Four additional ships.";

  it("draws markup in the text as text, with highlights where the claims are", () => {
    const container = draw(body, [claim(1, 18, 28, "31 members"), claim(2, 9, 28, "NATO has 31 members")]);
    expect(container.querySelectorAll("img")).toHaveLength(0);
    expect(container.querySelectorAll("p")[1]?.textContent).toContain("<img src=x onerror=alert(1)>");
    const marks = Array.from(container.querySelectorAll("mark"));
    expect(marks.map((m) => [m.textContent, m.getAttribute("data-claims")])).toEqual([
      ["NATO has ", "2"],
      ["31 members", "1 2"],
    ]);
    expect(marks[1]?.classList.contains("overlap")).toBe(true);
  });

  it("gives back the code point span of a selection that starts inside a highlight", () => {
    const container = draw(body, [claim(1, 18, 28, "31 members")]);
    const mark = container.querySelector("mark");
    const after = container.querySelectorAll("p")[1]?.firstChild;
    if (mark?.firstChild == null || after == null) throw new Error("missing nodes");
    const range = document.createRange();
    range.setStart(mark.firstChild, 3); // "31 |members"
    range.setEnd(after, 4); // "<img"
    const span = selectionToSpan(container, range);
    expect(span).toEqual({ start: 21, end: 35 });
    expect(Array.from(body).slice(21, 35).join("")).toBe("members.\n\n<img");
  });
});
