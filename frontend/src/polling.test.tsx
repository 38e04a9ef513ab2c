import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { useFollowed } from "./polling";

function Probe({ load, id }: { load: () => Promise<string>; id: number }) {
  const { value } = useFollowed(load, (answer) => answer !== "done", 1000, [id]);
  return <p>{value ?? "…"}</p>;
}

/** Let effects, the answer's promise and the redraw all run. */
async function settle(): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(0);
  });
}

describe("useFollowed", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("loads again while the answer says not yet, then stops", async () => {
    const answers = ["pending", "fetching", "done", "never asked"];
    const load = vi.fn(() => Promise.resolve(answers.shift() ?? "extra"));
    const host = document.createElement("div");
    await act(async () => {
      render(<Probe load={load} id={1} />, host);
    });
    await settle();
    expect(host.textContent).toBe("pending");
    for (const expected of ["fetching", "done"]) {
      await act(async () => {
        await vi.advanceTimersByTimeAsync(1000);
      });
      await settle();
      expect(host.textContent).toBe(expected);
    }
    await act(async () => {
      await vi.advanceTimersByTimeAsync(5000);
    });
    expect(load).toHaveBeenCalledTimes(3);
    expect(host.textContent).toBe("done");
  });

  it("stops following when the component goes", async () => {
    const load = vi.fn(() => Promise.resolve("pending"));
    const host = document.createElement("div");
    await act(async () => {
      render(<Probe load={load} id={1} />, host);
    });
    await settle();
    await act(async () => {
      render(null, host);
    });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(5000);
    });
    expect(load).toHaveBeenCalledTimes(1);
  });
});
