// Workflow buttons (only those the user's role and the claim's state allow), comments and history.

import { useEffect, useRef, useState } from "preact/hooks";

import {
  type AvailableTransition,
  type Claim,
  type ClaimState,
  type Comment,
  type History,
  addComment,
  getHistory,
  listComments,
  listTransitions,
  takeTransition,
} from "../api";
import { FieldError, FormError, STATE_LABELS, formatDate } from "./common";

interface WorkflowProps {
  claim: Claim;
  announce: (message: string) => void;
  onStateChanged: (state: ClaimState) => void;
}

export function Workflow({ claim, announce, onStateChanged }: WorkflowProps) {
  const [transitions, setTransitions] = useState<AvailableTransition[] | null>(null);
  const [comment, setComment] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [missingComment, setMissingComment] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const commentRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    setTransitions(null);
    setError(null);
    setMissingComment(null);
    listTransitions(claim.id).then(setTransitions, setError);
  }, [claim.id, claim.state]);

  const take = async (transition: AvailableTransition): Promise<void> => {
    setError(null);
    if (transition.comment_required && comment.trim() === "") {
      setMissingComment(`Write a comment to ${transition.verb}.`);
      commentRef.current?.focus();
      return;
    }
    setMissingComment(null);
    setBusy(true);
    try {
      const state = await takeTransition(claim.id, transition.action, comment);
      setComment("");
      announce(`Done: ${transition.verb}. The claim is now ${STATE_LABELS[state]?.toLowerCase() ?? state}.`);
      onStateChanged(state);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel-section" aria-labelledby="workflow-heading">
      <h3 id="workflow-heading">Review</h3>
      <p>
        State: <span class={`badge state-badge state-${claim.state}`}>{STATE_LABELS[claim.state]}</span>
        {claim.state === "published" || claim.state === "corrected" ? (
          <>
            {" "}
            · <a href={`/fact-checks/${String(claim.id)}/`}>public page</a>
          </>
        ) : null}
      </p>
      {transitions === null ? null : transitions.length === 0 ? (
        <p class="muted">No review action is open to you in this state.</p>
      ) : (
        <>
          <label for="workflow-comment">Comment for the review action</label>
          <textarea
            id="workflow-comment"
            ref={commentRef}
            rows={2}
            value={comment}
            onInput={(e) => setComment(e.currentTarget.value)}
            aria-describedby="workflow-comment-error"
          />
          {missingComment !== null ? (
            <p id="workflow-comment-error" class="field-error" role="alert">
              {missingComment}
            </p>
          ) : (
            <FieldError id="workflow-comment-error" error={error} field="comment" />
          )}
          <div class="actions" role="group" aria-label="Review actions">
            {transitions.map((t) => (
              <button key={t.action} type="button" data-action={t.action} disabled={busy} onClick={() => void take(t)}>
                {t.verb.charAt(0).toUpperCase() + t.verb.slice(1)}
                {t.comment_required ? " (comment needed)" : ""}
              </button>
            ))}
          </div>
        </>
      )}
      <FormError error={error} shownAt={["comment"]} />
    </section>
  );
}

interface DiscussionProps {
  claimId: number;
  // Bumped by the panel when something changed that the history should show.
  revision: number;
  usernameOf: (id: number | null) => string;
}

export function Comments({ claimId, usernameOf }: Omit<DiscussionProps, "revision">) {
  const [comments, setComments] = useState<Comment[] | null>(null);
  const [body, setBody] = useState("");
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    setComments(null);
    listComments(claimId).then(setComments, setError);
  }, [claimId]);

  const onAdd = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(null);
    try {
      const added = await addComment(claimId, body);
      setComments((current) => [...(current ?? []), added]);
      setBody("");
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <section class="panel-section" aria-labelledby="comments-heading">
      <h3 id="comments-heading">Comments</h3>
      {comments === null ? null : comments.length === 0 ? (
        <p class="muted">No comments yet.</p>
      ) : (
        <ul class="comments">
          {comments.map((c) => (
            <li key={c.id}>
              <strong>{usernameOf(c.author)}</strong> <span class="muted">{formatDate(c.created_at)}</span>
              <p class="pre">{c.body}</p>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(e) => void onAdd(e)} noValidate>
        <label for="comment-body">New comment</label>
        <textarea
          id="comment-body"
          rows={2}
          value={body}
          onInput={(e) => setBody(e.currentTarget.value)}
          aria-describedby="comment-body-error"
        />
        <FieldError id="comment-body-error" error={error} field="body" />
        <FormError error={error} shownAt={["body"]} />
        <button type="submit">Add comment</button>
      </form>
    </section>
  );
}

export function HistoryView({ claimId, revision, usernameOf }: DiscussionProps) {
  const [history, setHistory] = useState<History | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    getHistory(claimId).then(setHistory, setError);
  }, [claimId, revision]);

  return (
    <details class="panel-section history">
      <summary>History</summary>
      <FormError error={error} />
      {history === null ? null : (
        <ol>
          {history.events.map((e) => (
            <li key={`event-${String(e.id)}`}>
              <span class="muted">{formatDate(e.created_at)}</span> {usernameOf(e.actor)}: {e.action.replace("_", " ")} (
              {STATE_LABELS[e.from_state]} → {STATE_LABELS[e.to_state]}){e.comment ? ` — “${e.comment}”` : ""}
            </li>
          ))}
          {history.verdict_versions.map((v) => (
            <li key={`version-${String(v.version)}`}>
              <span class="muted">{formatDate(v.created_at)}</span> {usernameOf(v.author)}: verdict version {v.version}
              {v.rating !== null ? ` (${v.rating.label})` : ""}
            </li>
          ))}
          {history.audit.map((a) => (
            <li key={`audit-${String(a.id)}`}>
              <span class="muted">{formatDate(a.created_at)}</span> {a.actor ?? "system"}: {a.action} {a.object_type}{" "}
              {a.object_id}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
