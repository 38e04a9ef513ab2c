// Following work a worker is still doing: load, and load again while the answer says "not yet".

import { useEffect, useRef, useState } from "preact/hooks";

export interface Followed<T> {
  /** The latest answer; null until the first one. */
  value: T | null;
  /** Why the latest load failed, or null. */
  error: unknown;
  /** Change the value here (after an action that the server answered). */
  update: (change: (value: T | null) => T | null) => void;
  /** Load again now (and keep following if the answer says so). */
  refresh: () => void;
}

/**
 * Load now and, while `again(answer)` holds, every `intervalMs`; start over when `key` changes,
 * stop when the component goes. `load` and `again` are read fresh on each round.
 */
export function useFollowed<T>(
  load: () => Promise<T>,
  again: (answer: T) => boolean,
  intervalMs: number,
  key: readonly unknown[],
): Followed<T> {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  const loadRef = useRef(load);
  const againRef = useRef(again);
  loadRef.current = load;
  againRef.current = again;

  useEffect(() => {
    let cancelled = false;
    let timer = 0;
    const step = (): void => {
      loadRef.current().then(
        (answer) => {
          if (cancelled) return;
          setValue(answer);
          setError(null);
          if (againRef.current(answer)) timer = window.setTimeout(step, intervalMs);
        },
        (failure: unknown) => {
          if (!cancelled) setError(failure);
        },
      );
    };
    step();
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [...key, round, intervalMs]);

  return { value, error, update: setValue, refresh: () => setRound((n) => n + 1) };
}
