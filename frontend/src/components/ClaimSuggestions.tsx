// "Suggested claims": check-worthy spans the detector found, best first, to accept or dismiss.

import type { Suggestion } from "../api";

export function suggestionQuote(suggestion: Suggestion): string {
  return suggestion.selectors.find((s) => s.type === "TextQuoteSelector")?.exact ?? "";
}

const TYPE_LABELS: Record<string, string> = {
  count: "Count",
  percent: "Percentage",
  money: "Money",
  date: "Date",
  duration: "Duration",
  comparison: "Comparison",
  attribution: "Attributed statement",
};

interface Props {
  suggestions: readonly Suggestion[] | null;
  onAccept: (suggestion: Suggestion) => void;
  onDismiss: (suggestion: Suggestion) => void;
  onFocusItem: (suggestion: Suggestion) => void;
}

export function ClaimSuggestions({ suggestions, onAccept, onDismiss, onFocusItem }: Props) {
  return (
    <section aria-labelledby="suggestions-heading" class="suggestions claim-suggestions">
      <h2 id="suggestions-heading">Suggested claims{suggestions !== null ? ` (${String(suggestions.length)})` : ""}</h2>
      <p class="muted">Dashed in the text. Press n for the next one; on a suggestion, y accepts it and x dismisses it.</p>
      {suggestions === null ? (
        <p class="muted">Looking for check-worthy passages…</p>
      ) : suggestions.length === 0 ? (
        <p class="muted">No suggestions.</p>
      ) : (
        <ol class="suggestion-list">
          {suggestions.map((suggestion) => {
            const onKeyDown = (event: KeyboardEvent): void => {
              if (event.target !== event.currentTarget) return;
              if (event.key === "y") onAccept(suggestion);
              else if (event.key === "x") onDismiss(suggestion);
              else return;
              event.preventDefault();
              event.stopPropagation();
            };
            return (
              <li
                key={suggestion.id}
                tabIndex={0}
                class="suggestion-item"
                data-suggestion={String(suggestion.id)}
                onKeyDown={onKeyDown}
                onFocus={() => onFocusItem(suggestion)}
              >
                <p>
                  “{suggestionQuote(suggestion)}” <span class="badge">{TYPE_LABELS[suggestion.type] ?? suggestion.type}</span>
                </p>
                <p class="muted">{suggestion.reason}</p>
                <button type="button" onClick={() => onAccept(suggestion)}>
                  Accept
                </button>{" "}
                <button type="button" onClick={() => onDismiss(suggestion)}>
                  Dismiss
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
