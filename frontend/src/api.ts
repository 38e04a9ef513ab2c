// The one module that talks to the server: typed calls to the editorial API (/api/v1/).
//
// Session authentication with Django's CSRF token (from the page's boot data). Every
// error becomes an ApiError carrying the status and the API's field messages, so a
// form can show each message next to the field it names.

export interface UserRef {
  id: number;
  username: string;
}

export interface Article {
  id: number;
  title: string;
  url: string;
  publisher: string;
  author: string;
  published_at: string | null;
  language: string;
  revision: number;
  claim_count: number;
  created_at: string;
  body: string;
}

export interface ArticleImport {
  id: number;
  url: string;
  state: "pending" | "fetching" | "done" | "failed";
  error: string;
  article: number | null;
}

export interface TextPositionSelector {
  type: "TextPositionSelector";
  start: number;
  end: number;
}

export interface TextQuoteSelector {
  type: "TextQuoteSelector";
  exact: string;
  prefix: string;
  suffix: string;
}

export type Selector = TextPositionSelector | TextQuoteSelector;

export type ClaimState =
  | "draft"
  | "in_review"
  | "changes_requested"
  | "approved"
  | "published"
  | "corrected"
  | "unpublished";

export interface Claim {
  id: number;
  article: number;
  revision: number;
  selectors: Selector[];
  anchoring_state: "anchored" | "moved" | "fuzzy" | "orphaned";
  needs_review: boolean;
  claim_text: string;
  claimant: string;
  claim_date: string | null;
  tags: string[];
  assignee: number | null;
  state: ClaimState;
  rating: string | null;
  verdict_version: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface NumberDetail {
  claim: string;
  passage: string;
  relation: "agree" | "differ";
}

export interface Passage {
  start: number;
  end: number;
  text: string;
  score: number;
  numbers: string;
  details?: NumberDetail[];
}

export type FetchState = "pending" | "fetching" | "fetched" | "failed";

export interface Source {
  id: number;
  claim: number;
  url: string;
  stance: "supports" | "refutes" | "context";
  note: string;
  fetch_state: FetchState;
  fetch_error: string;
  final_url: string;
  canonical_url: string;
  http_status: number | null;
  title: string;
  publisher: string;
  author: string;
  published_at: string | null;
  passage_text: string;
  passages: Passage[];
  numbers_agreement: "" | "agree" | "differ" | "absent" | "none_in_claim";
}

export interface Rating {
  slug: string;
  label: string;
  /** Place on the true..false scale (ClaimReview ratingValue); null for ratings off the scale. */
  value: number | null;
  description: string;
  order: number;
  is_active: boolean;
}

export interface VerdictVersion {
  version: number;
  rating: Rating | null;
  summary: string;
  explanation: string;
  author: number | null;
  created_at: string;
  published_at: string | null;
  correction_note: string;
}

export interface VerdictDraft {
  rating: string | null;
  summary: string;
  explanation: string;
}

export interface AvailableTransition {
  action: string;
  verb: string;
  comment_required: boolean;
}

export interface WorkflowEvent {
  id: number;
  action: string;
  from_state: ClaimState;
  to_state: ClaimState;
  actor: number | null;
  comment: string;
  created_at: string;
}

export interface AuditEntry {
  id: number;
  created_at: string;
  actor: string | null;
  action: string;
  object_type: string;
  object_id: number;
  changes: Record<string, unknown>;
}

export interface History {
  events: WorkflowEvent[];
  verdict_versions: VerdictVersion[];
  audit: AuditEntry[];
}

export interface Comment {
  id: number;
  claim: number;
  author: number | null;
  body: string;
  created_at: string;
}

interface Page<T> {
  count: number;
  next: string | null;
  results: T[];
}

/** A refused or failed request: the HTTP status and the messages the API gave, by field. */
export class ApiError extends Error {
  readonly status: number;
  readonly fields: Record<string, string[]>;
  readonly code: string;

  constructor(status: number, body: unknown) {
    const fields: Record<string, string[]> = {};
    let code = "";
    if (body !== null && typeof body === "object") {
      for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
        if (key === "code" && typeof value === "string") code = value;
        else if (Array.isArray(value)) fields[key] = value.map((item) => flatten(item)).filter((m) => m !== "");
        else if (typeof value === "string") fields[key] = [value];
        else if (value !== null && typeof value === "object") fields[key] = [flatten(value)];
      }
    }
    const all = Object.entries(fields).map(([key, messages]) =>
      key === "detail" || key === "non_field_errors" ? messages.join(" ") : `${key}: ${messages.join(" ")}`,
    );
    super(all.length > 0 ? all.join("; ") : `the server answered ${String(status)}.`);
    this.name = "ApiError";
    this.status = status;
    this.fields = fields;
    this.code = code;
  }

  /** The messages for one field (for forms), or []. */
  about(field: string): string[] {
    return this.fields[field] ?? [];
  }
}

function flatten(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(flatten).join(" ");
  if (value !== null && typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, inner]) => `${key}: ${flatten(inner)}`)
      .join("; ");
  }
  return "";
}

let csrfToken = "";

/** Set once at boot from the page: Django wants it on every unsafe request made with the session. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

interface Answer<T> {
  data: T;
  etag: string | null;
}

async function request<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer<T>> {
  const init: RequestInit = {
    method,
    credentials: "same-origin",
    headers: {
      Accept: "application/json",
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      ...(method === "GET" ? {} : { "X-CSRFToken": csrfToken }),
      ...headers,
    },
  };
  if (body !== undefined) init.body = JSON.stringify(body);
  let response: Response;
  try {
    response = await fetch(path.startsWith("/") ? path : `/api/v1/${path}`, init);
  } catch {
    throw new ApiError(0, { detail: ["the server could not be reached; check the connection and try again."] });
  }
  const text = await response.text();
  let parsed: unknown = null;
  if (text !== "") {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  if (!response.ok) throw new ApiError(response.status, parsed);
  return { data: parsed as T, etag: response.headers.get("ETag") };
}

async function allPages<T>(path: string): Promise<T[]> {
  const results: T[] = [];
  let next: string | null = path;
  while (next !== null) {
    const page: Page<T> = (await request<Page<T>>("GET", next)).data;
    results.push(...page.results);
    // `next` is absolute; keep only the path so requests stay same-origin.
    next = page.next === null ? null : new URL(page.next).pathname + new URL(page.next).search;
  }
  return results;
}

// --- Articles ------------------------------------------------------------------------------

export interface ArticleFields {
  title: string;
  body: string;
  publisher: string;
  author: string;
  url: string;
  language: string;
}

export async function createArticle(fields: ArticleFields): Promise<Article> {
  return (await request<Article>("POST", "articles/", fields)).data;
}

export async function importArticle(url: string): Promise<ArticleImport> {
  return (await request<ArticleImport>("POST", "articles/", { url })).data;
}

export async function getArticleImport(id: number): Promise<ArticleImport> {
  return (await request<ArticleImport>("GET", `article-imports/${String(id)}/`)).data;
}

export async function getArticle(id: number): Promise<Article> {
  return (await request<Article>("GET", `articles/${String(id)}/`)).data;
}

// --- Claims --------------------------------------------------------------------------------

export async function listClaims(articleId: number): Promise<Claim[]> {
  return allPages<Claim>(`articles/${String(articleId)}/claims/?limit=200`);
}

export async function createClaim(articleId: number, start: number, end: number): Promise<Claim> {
  return (await request<Claim>("POST", `articles/${String(articleId)}/claims/`, { selector: { start, end } })).data;
}

/** Mark the one place the quote occurs (400 naming `selector` when it is absent or ambiguous). */
export async function createClaimByQuote(articleId: number, exact: string): Promise<Claim> {
  return (await request<Claim>("POST", `articles/${String(articleId)}/claims/`, { selector: { exact } })).data;
}

export interface ClaimChanges {
  claim_text?: string;
  claimant?: string;
  assignee?: number | null;
}

export async function updateClaim(id: number, changes: ClaimChanges): Promise<Claim> {
  return (await request<Claim>("PATCH", `claims/${String(id)}/`, changes)).data;
}

export async function getClaim(id: number): Promise<Claim> {
  return (await request<Claim>("GET", `claims/${String(id)}/`)).data;
}

// --- Sources -------------------------------------------------------------------------------

export async function listSources(claimId: number): Promise<Source[]> {
  return (await request<Source[]>("GET", `claims/${String(claimId)}/sources/`)).data;
}

export async function addSource(claimId: number, url: string, stance: Source["stance"]): Promise<Source> {
  return (await request<Source>("POST", `claims/${String(claimId)}/sources/`, { url, stance })).data;
}

// --- Verdict -------------------------------------------------------------------------------

/** The current verdict version, or null when the claim has none yet. */
export async function getVerdict(claimId: number): Promise<VerdictVersion | null> {
  try {
    return (await request<VerdictVersion>("GET", `claims/${String(claimId)}/verdict/`)).data;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/**
 * Save a new verdict version on top of `basedOn` (null: the first version). A 412 means
 * someone saved a newer version first: the caller gets an ApiError with status 412.
 */
export async function saveVerdict(claimId: number, draft: VerdictDraft, basedOn: number | null): Promise<VerdictVersion> {
  const headers: Record<string, string> = basedOn === null ? {} : { "If-Match": `"v${String(basedOn)}"` };
  return (await request<VerdictVersion>("PUT", `claims/${String(claimId)}/verdict/`, draft, headers)).data;
}

// --- Workflow, history, comments -----------------------------------------------------------

export async function listTransitions(claimId: number): Promise<AvailableTransition[]> {
  return (await request<AvailableTransition[]>("GET", `claims/${String(claimId)}/transitions/`)).data;
}

export async function takeTransition(claimId: number, action: string, comment: string): Promise<ClaimState> {
  const answer = await request<{ state: ClaimState }>("POST", `claims/${String(claimId)}/transitions/`, {
    action,
    comment,
  });
  return answer.data.state;
}

export async function getHistory(claimId: number): Promise<History> {
  return (await request<History>("GET", `claims/${String(claimId)}/history/`)).data;
}

export async function listComments(claimId: number): Promise<Comment[]> {
  return (await request<Comment[]>("GET", `claims/${String(claimId)}/comments/`)).data;
}

export async function addComment(claimId: number, body: string): Promise<Comment> {
  return (await request<Comment>("POST", `claims/${String(claimId)}/comments/`, { body })).data;
}

// --- Claim suggestions and matches (detection) ---------------------------------------------

export interface SuggestedNumber {
  text: string;
  kind: string;
  value: number;
  unit: string;
  counted: string | null;
  qualifier: string;
}

export interface Suggestion {
  id: number;
  article: number;
  revision: number;
  selectors: Selector[];
  type: string;
  score: number;
  reason: string;
  numbers: SuggestedNumber[];
  state: "open" | "accepted" | "dismissed";
}

export async function listSuggestions(articleId: number): Promise<Suggestion[]> {
  return allPages<Suggestion>(`articles/${String(articleId)}/suggestions/?state=open&limit=200`);
}

export async function acceptSuggestion(id: number): Promise<Claim> {
  return (await request<Claim>("POST", `suggestions/${String(id)}/accept/`, {})).data;
}

export async function dismissSuggestion(id: number): Promise<void> {
  await request<Suggestion>("POST", `suggestions/${String(id)}/dismiss/`);
}

export interface ClaimMatch {
  claim: number;
  article: number;
  article_title: string;
  quote: string;
  claim_text: string;
  score: number;
  state: ClaimState;
  checked_before: boolean;
  rating: string | null;
  rating_label: string | null;
  public_url: string | null;
  // What each claim says that the other does not (figures, then words), for the editor to weigh the match.
  differences: { only_here: string[]; only_there: string[] };
  // Set when an editor said the earlier claim is another claim ("Not the same claim").
  rejected_at: string | null;
  rejected_by: number | null;
}

/** The claim's matches, or with `rejected` those an editor said are other claims. */
export async function listMatches(claimId: number, rejected = false): Promise<ClaimMatch[]> {
  const query = rejected ? "?rejected=true" : "";
  return (await request<ClaimMatch[]>("GET", `claims/${String(claimId)}/matches/${query}`)).data;
}

export async function rejectMatch(claimId: number, matchedId: number): Promise<ClaimMatch> {
  return (await request<ClaimMatch>("POST", `claims/${String(claimId)}/matches/${String(matchedId)}/reject/`)).data;
}

export async function restoreMatch(claimId: number, matchedId: number): Promise<ClaimMatch> {
  return (await request<ClaimMatch>("POST", `claims/${String(claimId)}/matches/${String(matchedId)}/restore/`)).data;
}

// --- Reference discovery -------------------------------------------------------------------

export interface ReferenceSearch {
  provider: string;
  provider_label: string;
  state: "pending" | "searching" | "done" | "failed";
  message: string;
  result_count: number;
}

export interface ReferenceSuggestion {
  id: number;
  claim: number;
  url: string;
  provider: string;
  found_by: Record<string, number>;
  title: string;
  snippet: string;
  score: number;
  published_at: string | null;
  publisher: string;
  textual_rating: string;
  state: "suggested" | "attached" | "dismissed";
  source: number | null;
}

export interface ClaimDiscovery {
  claim: number;
  searching: boolean;
  searches: ReferenceSearch[];
  suggestions: ReferenceSuggestion[];
}

export async function getDiscovery(claimId: number): Promise<ClaimDiscovery> {
  return (await request<ClaimDiscovery>("GET", `claims/${String(claimId)}/reference-suggestions/`)).data;
}

export async function searchReferencesAgain(claimId: number): Promise<ClaimDiscovery> {
  return (await request<ClaimDiscovery>("POST", `claims/${String(claimId)}/reference-suggestions/refresh/`, {})).data;
}

export async function attachReference(id: number, stance: Source["stance"]): Promise<Source> {
  const answer = await request<{ source: Source }>("POST", `reference-suggestions/${String(id)}/attach/`, { stance });
  return answer.data.source;
}

export async function dismissReference(id: number): Promise<void> {
  await request<ReferenceSuggestion>("POST", `reference-suggestions/${String(id)}/dismiss/`);
}
