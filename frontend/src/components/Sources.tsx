// A claim's sources with their live fetch state, and the form to add one by url.

import { useEffect, useRef, useState } from "preact/hooks";

import { type Source, addSource, listSources } from "../api";
import { passagePieces } from "../passageMarks";
import { useFollowed } from "../polling";
import { EXTERNAL_REL, safeHref } from "../safety";
import { FieldError, FormError, formatDay } from "./common";

const POLL_MS = 1000;
const FETCH_LABELS: Record<Source["fetch_state"], string> = {
  pending: "Waiting to fetch",
  fetching: "Fetching…",
  fetched: "Fetched",
  failed: "Fetch failed",
};
const AGREEMENT_LABELS: Record<Source["numbers_agreement"], string> = {
  "": "",
  agree: "The numbers agree",
  differ: "The numbers differ",
  absent: "The claim's numbers are not in the passage",
  none_in_claim: "",
};

interface Props {
  claimId: number;
  // A change makes the list load again (a source was added elsewhere in the panel).
  reloadKey: number;
  announce: (message: string) => void;
}

export function Sources({ claimId, reloadKey, announce }: Props) {
  const {
    value: sources,
    error: loadError,
    refresh,
  } = useFollowed(
    () => listSources(claimId),
    // Follow while a worker still has a source to fetch, so its state changes without a reload.
    (list) => list.some((s) => s.fetch_state === "pending" || s.fetch_state === "fetching"),
    POLL_MS,
    [claimId, reloadKey],
  );
  const [url, setUrl] = useState("");
  const [stance, setStance] = useState<Source["stance"]>("supports");
  const [addError, setAddError] = useState<unknown>(null);
  const [adding, setAdding] = useState(false);

  // Say when a fetch ends, for people who cannot see the badge change.
  const seen = useRef<Source[] | null>(null);
  useEffect(() => {
    for (const source of sources ?? []) {
      const before = seen.current?.find((s) => s.id === source.id);
      if (before !== undefined && before.fetch_state !== source.fetch_state && source.fetch_state !== "fetching") {
        announce(`Source ${source.title || source.url}: ${FETCH_LABELS[source.fetch_state].toLowerCase()}.`);
      }
    }
    seen.current = sources;
  }, [sources, announce]);

  const onAdd = async (event: Event): Promise<void> => {
    event.preventDefault();
    setAdding(true);
    setAddError(null);
    try {
      await addSource(claimId, url.trim(), stance);
      refresh();
      setUrl("");
      announce("Source added; a worker fetches it now.");
    } catch (error) {
      setAddError(error);
    } finally {
      setAdding(false);
    }
  };

  return (
    <section class="panel-section" aria-labelledby="sources-heading" id="sources">
      <h3 id="sources-heading">Sources</h3>
      <FormError error={loadError} />
      {sources === null ? (
        <p>Loading sources…</p>
      ) : sources.length === 0 ? (
        <p>No sources yet.</p>
      ) : (
        <ul class="sources">
          {sources.map((source) => (
            <SourceItem key={source.id} source={source} />
          ))}
        </ul>
      )}
      <form class="add-source" onSubmit={(e) => void onAdd(e)} noValidate>
        <label for="source-url">Source url</label>
        <input
          id="source-url"
          type="url"
          value={url}
          placeholder="https://…"
          onInput={(e) => setUrl(e.currentTarget.value)}
          aria-describedby="source-url-error"
          required
        />
        <FieldError id="source-url-error" error={addError} field="url" />
        <label for="source-stance">Stance</label>
        <select
          id="source-stance"
          value={stance} onChange={(e) => setStance(e.currentTarget.value as Source["stance"])}>
          <option value="supports">Supports</option>
          <option value="refutes">Refutes</option>
          <option value="context">Context</option>
        </select>
        <button type="submit" disabled={adding}>
          Add source
        </button>
        <FormError error={addError} shownAt={["url", "stance"]} />
      </form>
    </section>
  );
}

function SourceItem({ source }: { source: Source }) {
  const href = safeHref(source.final_url || source.url);
  const title = source.title || source.url;
  const best = source.passages[0];
  return (
    <li class={`source fetch-${source.fetch_state}`} data-source={String(source.id)}>
      <p class="source-title">
        {href === null ? title : (
          <a href={href} rel={EXTERNAL_REL} target="_blank">
            {title}
          </a>
        )}{" "}
        <span class={`badge fetch-state fetch-state-${source.fetch_state}`} role="status">
          {FETCH_LABELS[source.fetch_state]}
        </span>{" "}
        <span class="badge">{source.stance}</span>
      </p>
      {source.publisher || source.published_at ? (
        <p class="source-meta">
          {source.publisher}
          {source.publisher && source.published_at ? " · " : ""}
          {formatDay(source.published_at)}
        </p>
      ) : null}
      {source.fetch_state === "failed" && source.fetch_error ? <p class="form-error">{source.fetch_error}</p> : null}
      {best !== undefined ? (
        <blockquote class="passage">
          {passagePieces(best.text, best.details).map((piece, index) =>
            piece.detail === null ? (
              piece.text
            ) : (
              <mark
                key={index}
                class={`number number-${piece.detail.relation}`}
                title={`${piece.detail.relation === "agree" ? "Agrees with" : "Differs from"} the claim's “${piece.detail.claim}”`}
              >
                {piece.text}
              </mark>
            ),
          )}
        </blockquote>
      ) : null}
      {AGREEMENT_LABELS[source.numbers_agreement] ? (
        <p class={`agreement agreement-${source.numbers_agreement}`}>{AGREEMENT_LABELS[source.numbers_agreement]}</p>
      ) : null}
    </li>
  );
}
