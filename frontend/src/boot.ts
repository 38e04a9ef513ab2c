// What the server puts in the page (a json_script "boot" element): who is logged in and the page's data.

import type { Article, Rating, UserRef } from "./api";
import type { ClaimOutline } from "./claimOutline";

export interface CurrentUser extends UserRef {
  roles: string[];
}

export interface Boot {
  page: string;
  csrfToken: string;
  user: CurrentUser;
}

export interface AnnotatorBoot extends Boot {
  page: "annotator";
  article: Article;
  claims: ClaimOutline[];
  ratings: Rating[];
  users: UserRef[];
}

/** The boot data of the page, or null on pages the server draws alone. */
export function readBoot(doc: Document): Boot | null {
  const element = doc.getElementById("boot");
  if (element === null || element.textContent === null) return null;
  return JSON.parse(element.textContent) as Boot;
}
