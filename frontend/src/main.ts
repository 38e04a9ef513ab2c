// Entry point of the factcheck front end, loaded on every page Django renders.

import "./styles.css";

import { setCsrfToken } from "./api";
import { type AnnotatorBoot, readBoot } from "./boot";
import { mountAddArticle } from "./pages/addArticle";
import { mountAnnotator } from "./pages/annotator";

/** Marks the document as driven by this bundle and draws the page the server asked for, if any. */
export function boot(doc: Document): void {
  doc.documentElement.dataset["app"] = "factcheck";
  const root = doc.getElementById("app");
  const data = readBoot(doc);
  if (root === null || data === null) return;
  setCsrfToken(data.csrfToken);
  root.replaceChildren();
  if (data.page === "annotator") mountAnnotator(root, data as AnnotatorBoot);
  else if (data.page === "add-article") mountAddArticle(root);
}

boot(document);
