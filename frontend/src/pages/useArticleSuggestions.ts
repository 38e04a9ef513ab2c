// The open claim suggestions of an article, loaded (and, for a new article, awaited) from the API.

import { useMemo } from "preact/hooks";

import { type Article, type Suggestion, listSuggestions } from "../api";
import type { ClaimOutline } from "../claimOutline";
import { useFollowed } from "../polling";

const POLL_MS = 2000;
// Detection runs in the background after an article is saved: a new article is watched this long.
const FRESH_MS = 60_000;

interface ArticleSuggestions {
  /** Open suggestions on the current text, best first; null until loaded. */
  open: Suggestion[] | null;
  /** Why they could not be loaded, or null. */
  error: unknown;
  /** Forget one (accepted or dismissed here). */
  drop: (id: number) => void;
}

export function useArticleSuggestions(article: Article, claims: readonly ClaimOutline[]): ArticleSuggestions {
  const fresh = (): boolean => Date.now() - new Date(article.created_at).getTime() < FRESH_MS;
  const {
    value: suggestions,
    error,
    update,
  } = useFollowed(() => listSuggestions(article.id), (found) => found.length === 0 && fresh(), POLL_MS, [article.id]);

  const open = useMemo(() => {
    if (suggestions === null) return null;
    // A suggestion someone already marked by hand is done, even before detection runs again.
    const marked = new Set(claims.map((c) => `${String(c.start)}:${String(c.end)}`));
    return suggestions.filter((s) => {
      const span = s.selectors.find((selector) => selector.type === "TextPositionSelector");
      return s.revision === article.revision && !marked.has(`${String(span?.start)}:${String(span?.end)}`);
    });
  }, [suggestions, article.revision, claims]);

  const drop = (id: number): void =>
    update((current) => (current === null ? current : current.filter((s) => s.id !== id)));

  return { open, error, drop };
}
