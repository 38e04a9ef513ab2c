import { describe, expect, it } from "vitest";

import { commandFor } from "./keyboard";

const press = (key: string, target: EventTarget | null = document.body, mods: Partial<KeyboardEventInit> = {}) =>
  commandFor({ key, altKey: false, ctrlKey: false, metaKey: false, target, ...mods });

describe("commandFor", () => {
  it("maps the shortcut keys", () => {
    expect(press("j")).toBe("next-claim");
    expect(press("k")).toBe("previous-claim");
    expect(press("m")).toBe("mark-claim");
    expect(press("S")).toBe("submit");
    expect(press("s")).toBeNull();
  });

  it("stays out of the way while typing and of browser chords", () => {
    const input = document.createElement("textarea");
    document.body.appendChild(input);
    expect(press("j", input)).toBeNull();
    expect(press("j", document.body, { ctrlKey: true })).toBeNull();
  });
});
