// The verdict editor: rating, summary, explanation. Saves on top of the version it read;
// when someone saved a newer one first (412), it shows theirs and never overwrites it.

import { useEffect, useState } from "preact/hooks";

import { ApiError, type Rating, type VerdictDraft, type VerdictVersion, getVerdict, saveVerdict } from "../api";
import { FieldError, FormError, formatDate } from "./common";

interface Props {
  claimId: number;
  // The claim's current version as last seen: null means there is no verdict to load yet.
  hasVerdict: boolean;
  ratings: readonly Rating[];
  usernameOf: (id: number | null) => string;
  announce: (message: string) => void;
  onSaved: (version: VerdictVersion) => void;
}

const EMPTY: VerdictDraft = { rating: null, summary: "", explanation: "" };

function draftOf(version: VerdictVersion | null): VerdictDraft {
  return version === null
    ? EMPTY
    : { rating: version.rating?.slug ?? null, summary: version.summary, explanation: version.explanation };
}

export function VerdictEditor({ claimId, hasVerdict, ratings, usernameOf, announce, onSaved }: Props) {
  const [current, setCurrent] = useState<VerdictVersion | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [draft, setDraft] = useState<VerdictDraft>(EMPTY);
  // The version this draft is based on; null for the first version.
  const [basedOn, setBasedOn] = useState<number | null>(null);
  const [conflict, setConflict] = useState<VerdictVersion | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    setLoaded(false);
    setConflict(null);
    setError(null);
    (hasVerdict ? getVerdict(claimId) : Promise.resolve(null)).then(
      (version) => {
        setCurrent(version);
        setDraft(draftOf(version));
        setBasedOn(version?.version ?? null);
        setLoaded(true);
      },
      (failure: unknown) => {
        setError(failure);
        setLoaded(true);
      },
    );
    // Loaded once per claim; later versions arrive through saves and conflicts.
  }, [claimId]);

  const onSave = async (event: Event): Promise<void> => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const saved = await saveVerdict(claimId, draft, basedOn);
      setCurrent(saved);
      setBasedOn(saved.version);
      setConflict(null);
      announce(`Verdict saved as version ${String(saved.version)}.`);
      onSaved(saved);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 412) {
        const newer = await getVerdict(claimId).catch(() => null);
        setConflict(newer);
        announce("Someone saved a newer verdict first; yours was not saved.");
      } else {
        setError(failure);
      }
    } finally {
      setSaving(false);
    }
  };

  const useTheirs = (): void => {
    if (conflict === null) return;
    setCurrent(conflict);
    setDraft(draftOf(conflict));
    setBasedOn(conflict.version);
    setConflict(null);
  };

  const keepMine = (): void => {
    if (conflict === null) return;
    // Save again on top of theirs: the editor chose to replace it, having seen it.
    setCurrent(conflict);
    setBasedOn(conflict.version);
    setConflict(null);
  };

  if (!loaded) return <p>Loading the verdict…</p>;
  return (
    <section class="panel-section" aria-labelledby="verdict-heading">
      <h3 id="verdict-heading">Verdict</h3>
      {current !== null ? (
        <p class="muted">
          Version {current.version} by {usernameOf(current.author)}, {formatDate(current.created_at)}
          {current.published_at !== null ? " · published" : ""}
        </p>
      ) : (
        <p class="muted">No verdict yet.</p>
      )}
      {conflict !== null ? (
        <div class="conflict" role="alert">
          <p>
            <strong>
              {usernameOf(conflict.author)} saved version {conflict.version} while you were editing.
            </strong>{" "}
            Your changes are still below and were not saved. Their version:
          </p>
          <dl>
            <dt>Rating</dt>
            <dd>{conflict.rating?.label ?? "none"}</dd>
            <dt>Summary</dt>
            <dd>{conflict.summary}</dd>
            <dt>Explanation</dt>
            <dd class="pre">{conflict.explanation}</dd>
          </dl>
          <button type="button" onClick={useTheirs}>
            Use their version
          </button>{" "}
          <button type="button" onClick={keepMine}>
            Keep mine (save it over theirs)
          </button>
        </div>
      ) : null}
      <form onSubmit={(e) => void onSave(e)} noValidate>
        <label for="verdict-rating">Rating</label>
        <select
          id="verdict-rating"
          value={draft.rating ?? ""}
          onChange={(e) => setDraft({ ...draft, rating: e.currentTarget.value === "" ? null : e.currentTarget.value })}
          aria-describedby="verdict-rating-error"
        >
          <option value="">— choose —</option>
          {ratings.map((rating) => (
            <option key={rating.slug} value={rating.slug}>
              {rating.label}
            </option>
          ))}
        </select>
        <FieldError id="verdict-rating-error" error={error} field="rating" />
        <label for="verdict-summary">Summary</label>
        <input
          id="verdict-summary"
          value={draft.summary}
          maxLength={300}
          onInput={(e) => setDraft({ ...draft, summary: e.currentTarget.value })}
          aria-describedby="verdict-summary-error"
        />
        <FieldError id="verdict-summary-error" error={error} field="summary" />
        <label for="verdict-explanation">Explanation</label>
        <textarea
          id="verdict-explanation"
          rows={5}
          value={draft.explanation}
          onInput={(e) => setDraft({ ...draft, explanation: e.currentTarget.value })}
          aria-describedby="verdict-explanation-error"
        />
        <FieldError id="verdict-explanation-error" error={error} field="explanation" />
        <FormError error={error} shownAt={["rating", "summary", "explanation"]} />
        <button type="submit" disabled={saving || conflict !== null}>
          Save verdict
        </button>
      </form>
    </section>
  );
}
