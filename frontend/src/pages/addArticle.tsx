// Add an article: paste its text, or give its url and let a worker fetch and extract it.

import { render } from "preact";
import { useEffect, useState } from "preact/hooks";

import { type ArticleFields, type ArticleImport, createArticle, getArticleImport, importArticle } from "../api";
import { FieldError, FormError } from "../components/common";

const POLL_MS = 1000;

function articlePage(id: number): string {
  return `/articles/${String(id)}/`;
}

export function AddArticle() {
  const [fields, setFields] = useState<ArticleFields>({ title: "", body: "", publisher: "", author: "", url: "", language: "en" });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [importUrl, setImportUrl] = useState("");
  const [importError, setImportError] = useState<unknown>(null);
  const [running, setRunning] = useState<ArticleImport | null>(null);

  const set = (name: keyof ArticleFields) => (event: Event) =>
    setFields({ ...fields, [name]: (event.currentTarget as HTMLInputElement).value });

  const onCreate = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const article = await createArticle(fields);
      window.location.assign(articlePage(article.id));
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  const onImport = async (event: Event): Promise<void> => {
    event.preventDefault();
    setImportError(null);
    try {
      setRunning(await importArticle(importUrl.trim()));
    } catch (failure) {
      setImportError(failure);
    }
  };

  // Follow the import until the worker has the article (or gives up with a reason).
  useEffect(() => {
    if (running === null) return undefined;
    if (running.state === "done" && running.article !== null) {
      window.location.assign(articlePage(running.article));
      return undefined;
    }
    if (running.state === "failed") return undefined;
    const timer = window.setTimeout(() => {
      getArticleImport(running.id).then(setRunning, setImportError);
    }, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [running]);

  const input = (name: keyof ArticleFields, label: string, extra: Record<string, unknown> = {}) => (
    <p>
      <label for={`article-${name}`}>{label}</label>
      <input
        id={`article-${name}`}
        value={fields[name]}
        onInput={set(name)}
        aria-describedby={`article-${name}-error`}
        {...extra}
      />
      <FieldError id={`article-${name}-error`} error={error} field={name} />
    </p>
  );

  return (
    <div class="add-article">
      <h1>Add an article</h1>
      <section aria-labelledby="paste-heading">
        <h2 id="paste-heading">Paste its text</h2>
        <form onSubmit={(e) => void onCreate(e)} noValidate>
          {input("title", "Title", { required: true })}
          <p>
            <label for="article-body">Text</label>
            <textarea
              id="article-body"
              rows={14}
              value={fields.body}
              onInput={set("body")}
              aria-describedby="article-body-error"
              required
            />
            <FieldError id="article-body-error" error={error} field="body" />
          </p>
          {input("publisher", "Publisher")}
          {input("author", "Author")}
          {input("url", "Where it was published (url)", { type: "url" })}
          {input("language", "Language (e.g. en)", { maxLength: 16 })}
          <FormError error={error} shownAt={["title", "body", "publisher", "author", "url", "language"]} />
          <button type="submit" disabled={busy}>
            Add article
          </button>
        </form>
      </section>
      <section aria-labelledby="import-heading">
        <h2 id="import-heading">Or import it from its url</h2>
        <form onSubmit={(e) => void onImport(e)} noValidate>
          <p>
            <label for="import-url">Article url</label>
            <input
              id="import-url"
              type="url"
              value={importUrl}
              onInput={(e) => setImportUrl(e.currentTarget.value)}
              aria-describedby="import-url-error"
            />
            <FieldError id="import-url-error" error={importError} field="url" />
          </p>
          <FormError error={importError} shownAt={["url"]} />
          <button type="submit" disabled={running !== null && running.state !== "failed"}>
            Import
          </button>
        </form>
        {running !== null ? (
          <p role="status">
            {running.state === "failed" ? `The import failed: ${running.error}` : `Import ${running.state}…`}
          </p>
        ) : null}
      </section>
    </div>
  );
}

export function mountAddArticle(root: HTMLElement): void {
  render(<AddArticle />, root);
}
