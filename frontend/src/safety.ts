// Guards for anything that came from an article, a source or a user and ends up in a link.

/** The url as an href when it is an absolute http(s) url, else null (no javascript:, data:, relative...). */
export function safeHref(url: string | null | undefined): string | null {
  if (url === null || url === undefined || url.trim() === "") return null;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
}

/** rel for every link to a source: the page opened gets no handle on ours and no referrer. */
export const EXTERNAL_REL = "noopener noreferrer";
