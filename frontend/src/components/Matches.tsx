// "Checked before": earlier claims and published fact-checks that say what this claim says.

import { type Claim, type ClaimMatch, listMatches } from "../api";
import { useFollowed } from "../polling";
import { FormError, STATE_LABELS } from "./common";

const POLL_MS = 2000;
// Matching runs in the background when a claim is made: a fresh claim is watched this long.
const FRESH_MS = 60_000;

export function Matches({ claim }: { claim: Claim }) {
  const fresh = (): boolean => Date.now() - new Date(claim.created_at).getTime() < FRESH_MS;
  const { value: matches, error } = useFollowed(
    () => listMatches(claim.id),
    (found) => found.length === 0 && fresh(),
    POLL_MS,
    [claim.id],
  );

  return (
    <section class="panel-section suggestions" aria-labelledby="matches-heading">
      <h3 id="matches-heading">Checked before</h3>
      <FormError error={error} />
      {matches === null ? null : matches.length === 0 ? (
        <p class="muted">No earlier claim says the same.</p>
      ) : (
        <ul class="matches">
          {matches.map((m) => (
            <li key={m.claim}>
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
            </li>
          ))}
        </ul>
      )}
    </section>
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
