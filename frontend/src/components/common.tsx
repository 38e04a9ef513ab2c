// Small pieces shared by the pages: field errors, dates, state labels.

import { ApiError } from "../api";

export const STATE_LABELS: Record<string, string> = {
  draft: "Draft",
  in_review: "In review",
  changes_requested: "Changes requested",
  approved: "Approved",
  published: "Published",
  corrected: "Corrected",
  unpublished: "Unpublished",
};

/** The messages an error holds for one field (or for no field in particular when `field` is null). */
export function messagesFor(error: unknown, field: string | null): string[] {
  if (!(error instanceof ApiError)) {
    return field === null && error instanceof Error ? [error.message] : [];
  }
  if (field !== null) return error.about(field);
  // Messages about fields a form does not show, and general ones.
  return [error.message];
}

interface FieldErrorProps {
  id: string;
  error: unknown;
  field: string;
}

/** The API's messages about one field, tied to the input by aria-describedby={id}. */
export function FieldError({ id, error, field }: FieldErrorProps) {
  const messages = messagesFor(error, field);
  if (messages.length === 0) return null;
  return (
    <p id={id} class="field-error" role="alert">
      {messages.join(" ")}
    </p>
  );
}

interface FormErrorProps {
  error: unknown;
  /** Fields whose messages a FieldError already shows next to the input. */
  shownAt?: string[];
}

/** A general error for a form or a section (network, state conflicts, permissions). */
export function FormError({ error, shownAt = [] }: FormErrorProps) {
  if (error === null || error === undefined) return null;
  if (error instanceof ApiError && Object.keys(error.fields).length > 0 && Object.keys(error.fields).every((f) => shownAt.includes(f))) {
    return null;
  }
  return (
    <p class="form-error" role="alert">
      {messagesFor(error, null).join(" ")}
    </p>
  );
}

export function formatDate(value: string | null): string {
  if (value === null || value === "") return "";
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? value
    : date.toLocaleString(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

export function formatDay(value: string | null): string {
  if (value === null || value === "") return "";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}
