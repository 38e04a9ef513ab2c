// The annotator: read the article, select text to mark a claim, and work on each claim in the panel.

import { render } from "preact";
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";

import {
  type Claim,
  type Rating,
  type Suggestion,
  acceptSuggestion,
  createClaim,
  createClaimByQuote,
  getClaim,
  dismissSuggestion,
} from "../api";
import { type Span, selectionToSpan } from "../anchoring/domOffsets";
import type { AnnotatorBoot } from "../boot";
import { type ClaimOutline, outlineOf } from "../claimOutline";
import { ArticleText, type ColourBy } from "../components/ArticleText";
import { ClaimPanel, quoteOf } from "../components/ClaimPanel";
import { ClaimSuggestions, suggestionQuote } from "../components/ClaimSuggestions";
import { FieldError, FormError, STATE_LABELS } from "../components/common";
import { type Command, SHORTCUTS, commandFor } from "../keyboard";
import { useArticleSuggestions } from "./useArticleSuggestions";

// One empty list, so the memoised article text is not redrawn while suggestions load.
const NO_SUGGESTIONS: Suggestion[] = [];

interface PendingMark {
  span: Span;
  top: number;
  left: number;
}

function byPosition(a: ClaimOutline, b: ClaimOutline): number {
  return a.start - b.start || a.end - b.end || a.id - b.id;
}

/** Ratings grouped in three tones along the scale, for colouring highlights by rating. */
function toneOf(ratings: readonly Rating[]): (slug: string | null) => string {
  const values = ratings.map((r) => r.value).filter((v): v is number => v !== null);
  const low = Math.min(...values);
  const high = Math.max(...values);
  return (slug) => {
    const rating = ratings.find((r) => r.slug === slug);
    if (rating === undefined) return "none";
    // Ratings off the scale ("misleading", "unverifiable") and a one-point scale.
    if (rating.value === null || high === low) return "other";
    const share = (rating.value - low) / (high - low);
    return share < 1 / 3 ? "false" : share < 2 / 3 ? "mixed" : "true";
  };
}

export function Annotator({ boot }: { boot: AnnotatorBoot }) {
  const { article } = boot;
  const [claims, setClaims] = useState<ClaimOutline[]>(boot.claims);
  // The chosen claim in full, as the API answers it (the page only carries outlines).
  const [selected, setSelected] = useState<Claim | null>(null);
  const [panelError, setPanelError] = useState<unknown>(null);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [pending, setPending] = useState<PendingMark | null>(null);
  const [markError, setMarkError] = useState<unknown>(null);
  const [status, setStatus] = useState("");
  const [colourBy, setColourBy] = useState<ColourBy>("state");
  const [showHelp, setShowHelp] = useState(false);
  const [quote, setQuote] = useState("");
  const [quoteError, setQuoteError] = useState<unknown>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const panelHeadingRef = useRef<HTMLHeadingElement>(null);
  const focusPanelOnSelect = useRef(false);

  const onCurrent = useMemo(
    () => claims.filter((c) => !c.orphaned).sort(byPosition),
    [claims],
  );
  const orphaned = useMemo(() => claims.filter((c) => c.orphaned), [claims]);

  const selectedRef = useRef<Claim | null>(null);
  selectedRef.current = selected;
  useEffect(() => {
    if (selectedId === null || selectedRef.current?.id === selectedId) return undefined;
    let cancelled = false;
    setSelected(null);
    setPanelError(null);
    getClaim(selectedId).then(
      (claim) => {
        if (!cancelled) setSelected(claim);
      },
      (error: unknown) => {
        if (!cancelled) setPanelError(error);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [selectedId]);

  const adopt = useCallback(
    (claim: Claim) => {
      const outline = outlineOf(claim, article.revision);
      setClaims((current) =>
        current.some((c) => c.id === claim.id) ? current.map((c) => (c.id === claim.id ? outline : c)) : [...current, outline],
      );
      setSelected(claim);
    },
    [article.revision],
  );
  const ratingTone = useMemo(() => toneOf(boot.ratings), [boot.ratings]);
  const announce = useCallback((message: string) => setStatus(message), []);

  // Tell whoever waits (the e2e tests, the benchmark) that every highlight is drawn.
  useEffect(() => {
    document.documentElement.dataset["highlights"] = String(onCurrent.length);
    performance.mark("factcheck:highlights-drawn");
  }, [onCurrent]);

  const {
    open: openSuggestions,
    error: suggestionsError,
    drop: dropSuggestion,
  } = useArticleSuggestions(article, claims);

  /** A claim was just made here (marked or accepted): show it and go straight to its checkable sentence. */
  const startOn = (claim: Claim, message: string): void => {
    adopt(claim);
    announce(message);
    focusPanelOnSelect.current = false;
    setSelectedId(claim.id);
    window.setTimeout(() => document.getElementById("claim-text")?.focus(), 0);
  };

  const accept = async (suggestion: Suggestion): Promise<void> => {
    try {
      const claim = await acceptSuggestion(suggestion.id);
      dropSuggestion(suggestion.id);
      startOn(claim, `Suggestion accepted: “${quoteOf(claim)}” is a claim.`);
    } catch (error) {
      setMarkError(error);
    }
  };

  const dismiss = async (suggestion: Suggestion): Promise<void> => {
    try {
      await dismissSuggestion(suggestion.id);
      const items = Array.from(document.querySelectorAll<HTMLElement>(".suggestion-item"));
      const index = items.findIndex((item) => item.dataset["suggestion"] === String(suggestion.id));
      dropSuggestion(suggestion.id);
      announce(`Suggestion dismissed: “${suggestionQuote(suggestion)}”.`);
      // Keep the keyboard where it was: on the next suggestion.
      window.setTimeout(() => {
        const rest = document.querySelectorAll<HTMLElement>(".suggestion-item");
        rest[Math.min(index, rest.length - 1)]?.focus();
      }, 0);
    } catch (error) {
      setMarkError(error);
    }
  };

  const showSuggestion = (suggestion: Suggestion): void => {
    containerRef.current
      ?.querySelector(`mark[data-suggestion="${String(suggestion.id)}"]`)
      ?.scrollIntoView({ block: "center", behavior: "auto" });
  };

  const nextSuggestion = (): void => {
    const items = Array.from(document.querySelectorAll<HTMLElement>(".suggestion-item"));
    if (items.length === 0) {
      announce("No suggestions.");
      return;
    }
    const index = items.indexOf(document.activeElement as HTMLElement);
    items[(index + 1) % items.length]?.focus();
  };

  const select = useCallback((id: number, focusPanel: boolean) => {
    focusPanelOnSelect.current = focusPanel;
    setSelectedId(id);
    const mark = containerRef.current?.querySelector(`mark[data-claims~="${String(id)}"]`);
    mark?.scrollIntoView({ block: "center", behavior: "auto" });
  }, []);

  // Focus moves to the claim once its panel is drawn (after the claim has loaded).
  useEffect(() => {
    if (selected === null || selected.id !== selectedId || !focusPanelOnSelect.current) return;
    panelHeadingRef.current?.focus();
    focusPanelOnSelect.current = false;
  }, [selected, selectedId]);

  const readSelection = (): PendingMark | null => {
    const container = containerRef.current;
    const selection = window.getSelection();
    if (container === null || selection === null || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    const span = selectionToSpan(container, range);
    if (span === null) return null;
    const box = range.getBoundingClientRect();
    return { span, top: box.bottom + window.scrollY + 6, left: box.left + window.scrollX };
  };

  const onSelectionEnd = (): void => {
    setMarkError(null);
    setPending(readSelection());
  };

  const markClaim = async (): Promise<void> => {
    const target = pending ?? readSelection();
    if (target === null) {
      announce("Select some text of the article first.");
      return;
    }
    try {
      const claim = await createClaim(article.id, target.span.start, target.span.end);
      setPending(null);
      window.getSelection()?.removeAllRanges();
      startOn(claim, `Claim marked: “${quoteOf(claim)}”.`);
    } catch (error) {
      setMarkError(error);
    }
  };

  // Marking without a mouse: type (or paste) the words, the server finds their one place.
  const markByQuote = async (event: Event): Promise<void> => {
    event.preventDefault();
    setQuoteError(null);
    try {
      const claim = await createClaimByQuote(article.id, quote);
      setQuote("");
      startOn(claim, `Claim marked: “${quoteOf(claim)}”.`);
    } catch (error) {
      setQuoteError(error);
    }
  };

  const step = (direction: 1 | -1): void => {
    if (onCurrent.length === 0) return;
    const index = onCurrent.findIndex((c) => c.id === selectedId);
    const next =
      index < 0 ? (direction === 1 ? 0 : onCurrent.length - 1) : (index + direction + onCurrent.length) % onCurrent.length;
    const claim = onCurrent[next];
    if (claim !== undefined) select(claim.id, true);
  };

  const runAction = (action: string, name: string): void => {
    const button = document.querySelector<HTMLButtonElement>(`.claim-panel button[data-action="${action}"]`);
    if (button === null || button.disabled) announce(`${name} is not open to you for this claim.`);
    else button.click();
  };

  const commands: Record<Command, () => void> = {
    "next-claim": () => step(1),
    "previous-claim": () => step(-1),
    "mark-claim": () => void markClaim(),
    "open-sources": () => {
      const input = document.getElementById("source-url");
      if (input === null) announce("Choose a claim first.");
      else {
        input.scrollIntoView({ block: "center" });
        input.focus();
      }
    },
    submit: () => runAction("submit", "Submit"),
    approve: () => runAction("approve", "Approve"),
    "next-suggestion": nextSuggestion,
    help: () => setShowHelp((shown) => !shown),
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === "Escape" && pending !== null) {
        setPending(null);
        return;
      }
      const command = commandFor(event);
      if (command === null) return;
      event.preventDefault();
      commands[command]();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  });


  return (
    <div class="annotator">
      <div class="article-column">
        <div class="article-header">
          <h1>{article.title}</h1>
          <p class="muted">
            {[article.publisher, article.author].filter((part) => part !== "").join(" · ")}
            {article.publisher || article.author ? " · " : ""}revision {article.revision}
          </p>
          <div class="toolbar">
            <label for="colour-by">Colour highlights by</label>{" "}
            <select id="colour-by" value={colourBy} onChange={(e) => setColourBy(e.currentTarget.value as ColourBy)}>
              <option value="state">review state</option>
              <option value="rating">rating</option>
            </select>{" "}
            <button type="button" aria-expanded={showHelp} aria-controls="shortcuts" onClick={() => setShowHelp(!showHelp)}>
              Keyboard shortcuts
            </button>
          </div>
          {showHelp ? (
            <dl id="shortcuts" class="shortcuts">
              {SHORTCUTS.map((s) => (
                <div key={s.key}>
                  <dt>
                    <kbd>{s.key}</kbd>
                  </dt>
                  <dd>{s.description}</dd>
                </div>
              ))}
            </dl>
          ) : null}
        </div>
        <p class="hint muted">Select text and press “Mark claim” (or m) to mark a claim, or give its words:</p>
        <form class="mark-by-quote" onSubmit={(e) => void markByQuote(e)} noValidate>
          <label for="quote-to-mark">Words to mark as a claim</label>
          <input
            id="quote-to-mark"
            value={quote}
            onInput={(e) => setQuote(e.currentTarget.value)}
            aria-describedby="quote-to-mark-error"
          />
          <button type="submit">Mark these words</button>
          <FieldError id="quote-to-mark-error" error={quoteError} field="selector" />
          <FormError error={quoteError} shownAt={["selector"]} />
        </form>
        <FormError error={markError} />
        <article aria-label="Article text" onMouseUp={onSelectionEnd} onKeyUp={onSelectionEnd}>
          <ArticleText
            body={article.body}
            language={article.language}
            claims={onCurrent}
            suggestions={openSuggestions ?? NO_SUGGESTIONS}
            selectedId={selectedId}
            colourBy={colourBy}
            ratingTone={ratingTone}
            containerRef={containerRef}
            onPick={(id) => select(id, false)}
            onPickSuggestion={(id) => document.querySelector<HTMLElement>(`.suggestion-item[data-suggestion="${String(id)}"]`)?.focus()}
          />
        </article>
        {pending !== null ? (
          <div class="mark-popover" role="toolbar" aria-label="Selected text" style={{ top: `${String(pending.top)}px`, left: `${String(pending.left)}px` }}>
            <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={() => void markClaim()}>
              Mark claim <kbd>m</kbd>
            </button>
          </div>
        ) : null}
      </div>
      <aside class="side-column" aria-label="Claims">
        <nav aria-labelledby="claims-heading">
          <h2 id="claims-heading">Claims ({onCurrent.length})</h2>
          {onCurrent.length === 0 ? <p class="muted">No claims marked yet.</p> : null}
          <ol class="claim-list">
            {onCurrent.map((claim) => (
              <li key={claim.id}>
                <button
                  type="button"
                  class="claim-item"
                  aria-current={claim.id === selectedId ? "true" : undefined}
                  onClick={() => select(claim.id, true)}
                >
                  <span class="quote">“{claim.quote}”</span>{" "}
                  <span class={`badge state-badge state-${claim.state}`}>{STATE_LABELS[claim.state]}</span>
                </button>
              </li>
            ))}
          </ol>
        </nav>
        {orphaned.length > 0 ? (
          <section aria-labelledby="orphans-heading" class="orphans">
            <h2 id="orphans-heading">Orphaned claims ({orphaned.length})</h2>
            <p class="muted">Their quote is no longer in the current text.</p>
            <ul>
              {orphaned.map((claim) => (
                <li key={claim.id}>
                  <button type="button" class="claim-item" onClick={() => select(claim.id, true)}>
                    “{claim.quote}”
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <FormError error={suggestionsError} />
        <ClaimSuggestions
          suggestions={openSuggestions}
          onAccept={(s) => void accept(s)}
          onDismiss={(s) => void dismiss(s)}
          onFocusItem={showSuggestion}
        />
        <FormError error={panelError} />
        {selectedId !== null && selected === null && panelError === null ? <p class="muted">Loading the claim…</p> : null}
        {selected !== null ? (
          <ClaimPanel
            key={selected.id}
            claim={selected}
            ratings={boot.ratings}
            users={boot.users}
            headingRef={panelHeadingRef}
            announce={announce}
            onChanged={adopt}
          />
        ) : (
          <p class="muted">Choose a claim to work on it.</p>
        )}
        <div class="live" role="status" aria-live="polite">
          {status}
        </div>
      </aside>
    </div>
  );
}

export function mountAnnotator(root: HTMLElement, boot: AnnotatorBoot): void {
  render(<Annotator boot={boot} />, root);
}
