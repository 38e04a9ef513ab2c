// The annotator's keyboard shortcuts: one table, used by the key handler and the help list.

export type Command =
  | "next-claim"
  | "previous-claim"
  | "mark-claim"
  | "next-suggestion"
  | "open-sources"
  | "submit"
  | "approve"
  | "help";

export interface Shortcut {
  key: string;
  command: Command;
  description: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { key: "j", command: "next-claim", description: "Next claim" },
  { key: "k", command: "previous-claim", description: "Previous claim" },
  { key: "m", command: "mark-claim", description: "Mark the selected text as a claim" },
  { key: "n", command: "next-suggestion", description: "Next suggested claim (then y accepts it, x dismisses it)" },
  { key: "o", command: "open-sources", description: "Open the claim's sources" },
  { key: "S", command: "submit", description: "Submit the claim for review (Shift+S)" },
  { key: "A", command: "approve", description: "Approve the claim (Shift+A)" },
  { key: "?", command: "help", description: "Show these shortcuts" },
];

interface KeyLike {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  target: EventTarget | null;
}

function isTyping(target: EventTarget | null): boolean {
  if (target === null || typeof (target as Element).closest !== "function") return false;
  const element = target as HTMLElement;
  return element.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']") !== null;
}

/** The command a key press asks for, or null (typing in a field, modifier chords, other keys). */
export function commandFor(event: KeyLike): Command | null {
  if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return null;
  return SHORTCUTS.find((shortcut) => shortcut.key === event.key)?.command ?? null;
}
