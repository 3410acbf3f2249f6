/**
 * Whether the API answered lately. Any call that finds the server unreachable sets it;
 * the next answer from the server clears it. Read with `useApiReachability()`.
 */
import { useSyncExternalStore } from "react";

let unreachable = false;
const listeners = new Set<() => void>();

function set(value: boolean): void {
  if (unreachable === value) return;
  unreachable = value;
  for (const listener of [...listeners]) listener();
}

export const reportUnreachable = (): void => set(true);
export const reportReachable = (): void => set(false);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function useApiUnreachable(): boolean {
  return useSyncExternalStore(subscribe, () => unreachable, () => false);
}
