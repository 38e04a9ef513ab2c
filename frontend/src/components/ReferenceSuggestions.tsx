// "Suggested references": what the discovery workers found for the claim, to attach or dismiss.

import { useState } from "preact/hooks";

import {
  type ClaimDiscovery,
  type ReferenceSuggestion,
  type Source,
  attachReference,
  dismissReference,
  getDiscovery,
  searchReferencesAgain,
} from "../api";
import { useFollowed } from "../polling";
import { EXTERNAL_REL, safeHref } from "../safety";
import { FormError, formatDay } from "./common";

const POLL_MS = 1000;

interface Props {
  claimId: number;
  announce: (message: string) => void;
  onAttached: (source: Source) => void;
}

export function ReferenceSuggestions({ claimId, announce, onAttached }: Props) {
  const {
    value: discovery,
    error: loadError,
    update,
    refresh,
  } = useFollowed(
    () => getDiscovery(claimId),
    // Follow while a provider is still searching, so results and failures show up by themselves.
    (answer) => answer.searching,
    POLL_MS,
    [claimId],
  );
  const [error, setError] = useState<unknown>(null);

  const drop = (id: number): void =>
    update((current) =>
      current === null ? current : { ...current, suggestions: current.suggestions.filter((s) => s.id !== id) },
    );

  const attach = async (suggestion: ReferenceSuggestion): Promise<void> => {
    setError(null);
    try {
      const source = await attachReference(suggestion.id, "supports");
      drop(suggestion.id);
      onAttached(source);
      announce(`Attached “${suggestion.title || suggestion.url}” as a source.`);
    } catch (failure) {
      setError(failure);
    }
  };

  const dismiss = async (suggestion: ReferenceSuggestion): Promise<void> => {
    setError(null);
    try {
      await dismissReference(suggestion.id);
      drop(suggestion.id);
      announce(`Dismissed “${suggestion.title || suggestion.url}”.`);
    } catch (failure) {
      setError(failure);
    }
  };

  const again = async (): Promise<void> => {
    setError(null);
    try {
      await searchReferencesAgain(claimId);
      refresh();
      announce("Searching again.");
    } catch (failure) {
      setError(failure);
    }
  };

  const open = discovery?.suggestions.filter((s) => s.state === "suggested") ?? [];
  return (
    <section class="panel-section suggestions" aria-labelledby="references-heading" aria-busy={discovery?.searching ?? true}>
      <h3 id="references-heading">Suggested references</h3>
      <p class="muted">Focus a suggestion and press y to attach it, x to dismiss it.</p>
      <FormError error={loadError} />
      <FormError error={error} />
      {discovery === null ? null : (
        <>
          <ul class="searches">
            {discovery.searches.map((search) => (
              <li key={search.provider} class={`search search-${search.state}`}>
                {search.provider_label}:{" "}
                {search.state === "failed"
                  ? search.message
                  : search.state === "done"
                    ? `${String(search.result_count)} found`
                    : "searching…"}
              </li>
            ))}
          </ul>
          {open.length === 0 ? (
            <p class="muted">{discovery.searching ? "Searching…" : "Nothing to suggest."}</p>
          ) : (
            <ol class="references">
              {open.map((suggestion) => (
                <ReferenceItem
                  key={suggestion.id}
                  suggestion={suggestion}
                  onAttach={() => void attach(suggestion)}
                  onDismiss={() => void dismiss(suggestion)}
                />
              ))}
            </ol>
          )}
          <button type="button" onClick={() => void again()} disabled={discovery.searching}>
            Search again
          </button>
        </>
      )}
    </section>
  );
}

interface ItemProps {
  suggestion: ReferenceSuggestion;
  onAttach: () => void;
  onDismiss: () => void;
}

function ReferenceItem({ suggestion, onAttach, onDismiss }: ItemProps) {
  const href = safeHref(suggestion.url);
  const title = suggestion.title || suggestion.url;
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.target !== event.currentTarget) return;
    if (event.key === "y") onAttach();
    else if (event.key === "x") onDismiss();
    else return;
    event.preventDefault();
    event.stopPropagation();
  };
  return (
    <li
      class="reference"
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-reference={String(suggestion.id)}
    >
      <p>
        {href === null ? title : (
          <a href={href} rel={EXTERNAL_REL} target="_blank">
            {title}
          </a>
        )}{" "}
        <span class="badge">{Object.keys(suggestion.found_by).join(", ") || suggestion.provider}</span>
      </p>
      {suggestion.textual_rating ? (
        <p>
          Rated <strong>{suggestion.textual_rating}</strong>
          {suggestion.publisher ? ` by ${suggestion.publisher}` : ""}
        </p>
      ) : suggestion.publisher ? (
        <p class="muted">{suggestion.publisher}</p>
      ) : null}
      {suggestion.snippet ? <p class="snippet">{suggestion.snippet}</p> : null}
      {suggestion.published_at ? <p class="muted">{formatDay(suggestion.published_at)}</p> : null}
      <button type="button" onClick={onAttach}>
        Attach
      </button>{" "}
      <button type="button" onClick={onDismiss}>
        Dismiss
      </button>
    </li>
  );
}
