// Entry point of the factcheck front end, loaded on every page Django renders.

/** Marks the document as driven by this bundle, so pages and tests can tell it loaded. */
export function boot(doc: Document): void {
  doc.documentElement.dataset["app"] = "factcheck";
}

boot(document);
