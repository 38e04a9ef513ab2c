// "Checked before": earlier claims and published fact-checks that say what this claim says.

import { useState } from "preact/hooks";

import { type Claim, type ClaimMatch, listMatches, rejectMatch, restoreMatch } from "../api";
import { useFollowed } from "../polling";
import { FormError, STATE_LABELS, formatDate } from "./common";

const POLL_MS = 2000;
// Matching runs in the background when a claim is made: a fresh claim is watched this long.
const FRESH_MS = 60_000;

interface Props {
  claim: Claim;
  announce: (message: string) => void;
  usernameOf: (id: number | null) => string;
}

export function Matches({ claim, announce, usernameOf }: Props) {
  const fresh = (): boolean => Date.now() - new Date(claim.created_at).getTime() < FRESH_MS;
  const shown = useFollowed(
    () => listMatches(claim.id),
    (found) => found.length === 0 && fresh(),
    POLL_MS,
    [claim.id],
  );
  // Matches an editor said are other claims: kept out of the list, and listed apart so that a slip can be undone.
  const rejected = useFollowed(
    () => listMatches(claim.id, true),
    () => false,
    POLL_MS,
    [claim.id],
  );
  const [error, setError] = useState<unknown>(null);
  const matches = shown.value;

  const reject = async (match: ClaimMatch): Promise<void> => {
    setError(null);
    try {
      await rejectMatch(claim.id, match.claim);
      shown.update((current) => current?.filter((m) => m.claim !== match.claim) ?? current);
      rejected.refresh();
      announce(`Marked “${match.claim_text || match.quote}” as another claim.`);
    } catch (failure) {
      setError(failure);
    }
  };

  const restore = async (match: ClaimMatch): Promise<void> => {
    setError(null);
    try {
      await restoreMatch(claim.id, match.claim);
      shown.refresh();
      rejected.update((current) => current?.filter((m) => m.claim !== match.claim) ?? current);
      announce(`“${match.claim_text || match.quote}” is listed as a match again.`);
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <section class="panel-section suggestions" aria-labelledby="matches-heading">
      <h3 id="matches-heading">Checked before</h3>
      {matches !== null && matches.length > 0 ? (
        <p class="muted">Focus a match and press x if it is not the same claim.</p>
      ) : null}
      <FormError error={shown.error ?? rejected.error} />
      <FormError error={error} />
      {matches === null ? null : matches.length === 0 ? (
        <p class="muted">No earlier claim says the same.</p>
      ) : (
        <ul class="matches">
          {matches.map((m) => (
            <li key={m.claim} class="match" tabIndex={0} onKeyDown={onKey("x", () => void reject(m))}>
              <MatchSummary match={m} />
              <button type="button" onClick={() => void reject(m)}>
                Not the same claim
              </button>
            </li>
          ))}
        </ul>
      )}
      {rejected.value !== null && rejected.value.length > 0 ? (
        <details class="rejected-matches">
          <summary>Marked as other claims ({rejected.value.length})</summary>
          <ul class="matches">
            {rejected.value.map((m) => (
              <li key={m.claim}>
                <MatchSummary match={m} />
                <p class="muted">
                  Marked by {usernameOf(m.rejected_by)} · {formatDate(m.rejected_at)}
                </p>
                <button type="button" onClick={() => void restore(m)}>
                  Same claim after all
                </button>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

/** A key pressed on the item itself (not on a link or button inside it) does `act`. */
function onKey(key: string, act: () => void): (event: KeyboardEvent) => void {
  return (event) => {
    if (event.target !== event.currentTarget || event.key !== key) return;
    event.preventDefault();
    event.stopPropagation();
    act();
  };
}

function MatchSummary({ match: m }: { match: ClaimMatch }) {
  return (
    <>
      <p>
        {m.checked_before ? <strong>Checked before: </strong> : null}“{m.claim_text || m.quote}”
        {m.rating_label !== null ? (
          <>
            {" "}
            <span class="badge">{m.rating_label}</span>
          </>
        ) : null}{" "}
        <span class="muted">
          {STATE_LABELS[m.state]} · {Math.round(m.score * 100)}% alike
        </span>
      </p>
      <MatchDifferences differences={m.differences} />
      <p class="muted">
        In “{m.article_title}” ·{" "}
        {m.public_url !== null ? (
          <a href={new URL(m.public_url, window.location.href).pathname}>public fact-check</a>
        ) : (
          <a href={`/articles/${String(m.article)}/`}>open the article</a>
        )}
      </p>
    </>
  );
}

// A near miss often differs by one word ("sheep farmers" / "farmers"): show it, so it is seen before relying on it.
export function MatchDifferences({ differences }: { differences: ClaimMatch["differences"] }) {
  const { only_here: here, only_there: there } = differences;
  if (here.length === 0 && there.length === 0) return null;
  return (
    <p class="muted match-differences">
      {here.length > 0 ? (
        <>
          Only in this claim: <span class="differs">{here.join(", ")}</span>
        </>
      ) : null}
      {here.length > 0 && there.length > 0 ? " · " : null}
      {there.length > 0 ? (
        <>
          Only in the earlier one: <span class="differs">{there.join(", ")}</span>
        </>
      ) : null}
    </p>
  );
}
