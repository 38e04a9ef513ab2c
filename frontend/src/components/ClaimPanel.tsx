// The panel for one claim: what is claimed and by whom, sources, verdict, review, comments, history.

import type { Ref } from "preact";
import { useEffect, useState } from "preact/hooks";

import { type Claim, type ClaimState, type Rating, type UserRef, updateClaim } from "../api";
import { FieldError, FormError } from "./common";
import { Matches } from "./Matches";
import { ReferenceSuggestions } from "./ReferenceSuggestions";
import { Sources } from "./Sources";
import { VerdictEditor } from "./VerdictEditor";
import { Comments, HistoryView, Workflow } from "./Workflow";

interface Props {
  claim: Claim;
  ratings: readonly Rating[];
  users: readonly UserRef[];
  headingRef: Ref<HTMLHeadingElement>;
  announce: (message: string) => void;
  onChanged: (claim: Claim) => void;
}

export function quoteOf(claim: Claim): string {
  const quote = claim.selectors.find((s) => s.type === "TextQuoteSelector");
  return quote?.exact ?? "";
}

export function ClaimPanel({ claim, ratings, users, headingRef, announce, onChanged }: Props) {
  const [historyRevision, setHistoryRevision] = useState(0);
  // Bumped when a suggested reference becomes a source, so the source list loads it.
  const [sourcesReload, setSourcesReload] = useState(0);
  const usernameOf = (id: number | null): string =>
    id === null ? "someone" : (users.find((u) => u.id === id)?.username ?? `user ${String(id)}`);
  const touched = (): void => setHistoryRevision((n) => n + 1);

  return (
    <section class="claim-panel" aria-labelledby="claim-heading">
      <h2 id="claim-heading" ref={headingRef} tabIndex={-1}>
        Claim: “{quoteOf(claim)}”
      </h2>
      {claim.needs_review ? (
        <p class="form-error">The text changed around this claim: check that the quote still says what was meant.</p>
      ) : null}
      <ClaimFields
        claim={claim}
        users={users}
        onSaved={(saved) => {
          onChanged(saved);
          touched();
          announce("Claim saved.");
        }}
      />
      <Sources claimId={claim.id} reloadKey={sourcesReload} announce={announce} />
      <ReferenceSuggestions claimId={claim.id} announce={announce} onAttached={() => setSourcesReload((n) => n + 1)} />
      <VerdictEditor
        claimId={claim.id}
        hasVerdict={claim.verdict_version !== null}
        ratings={ratings}
        usernameOf={usernameOf}
        announce={announce}
        onSaved={(version) => {
          onChanged({ ...claim, rating: version.rating?.slug ?? null, verdict_version: version.version });
          touched();
        }}
      />
      <Workflow
        claim={claim}
        announce={announce}
        onStateChanged={(state: ClaimState) => {
          onChanged({ ...claim, state });
          touched();
        }}
      />
      <Matches claim={claim} announce={announce} usernameOf={usernameOf} />
      <Comments claimId={claim.id} usernameOf={usernameOf} />
      <HistoryView claimId={claim.id} revision={historyRevision} usernameOf={usernameOf} />
    </section>
  );
}

function ClaimFields({ claim, users, onSaved }: { claim: Claim; users: readonly UserRef[]; onSaved: (c: Claim) => void }) {
  const [claimText, setClaimText] = useState(claim.claim_text);
  const [claimant, setClaimant] = useState(claim.claimant);
  const [assignee, setAssignee] = useState<number | null>(claim.assignee);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    setClaimText(claim.claim_text);
    setClaimant(claim.claimant);
    setAssignee(claim.assignee);
    setError(null);
  }, [claim.id, claim.claim_text, claim.claimant, claim.assignee]);

  const onSave = async (event: Event): Promise<void> => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      onSaved(await updateClaim(claim.id, { claim_text: claimText, claimant, assignee }));
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form class="panel-section claim-fields" onSubmit={(e) => void onSave(e)} noValidate>
      <label for="claim-text">Checkable claim</label>
      <textarea
        id="claim-text"
        rows={3}
        value={claimText}
        placeholder="The claim as one sentence a reader can check"
        onInput={(e) => setClaimText(e.currentTarget.value)}
        aria-describedby="claim-text-error"
      />
      <FieldError id="claim-text-error" error={error} field="claim_text" />
      <label for="claimant">Claimant</label>
      <input
        id="claimant"
        value={claimant}
        maxLength={300}
        onInput={(e) => setClaimant(e.currentTarget.value)}
        aria-describedby="claimant-error"
      />
      <FieldError id="claimant-error" error={error} field="claimant" />
      <label for="assignee">Assignee</label>
      <select
        id="assignee"
        value={assignee === null ? "" : String(assignee)}
        onChange={(e) => setAssignee(e.currentTarget.value === "" ? null : Number(e.currentTarget.value))}
        aria-describedby="assignee-error"
      >
        <option value="">Nobody</option>
        {users.map((u) => (
          <option key={u.id} value={String(u.id)}>
            {u.username}
          </option>
        ))}
      </select>
      <FieldError id="assignee-error" error={error} field="assignee" />
      <FormError error={error} shownAt={["claim_text", "claimant", "assignee"]} />
      <button type="submit" disabled={saving}>
        Save claim
      </button>
    </form>
  );
}
