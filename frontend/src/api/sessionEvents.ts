/**
 * The API client announces here that the server answered 401; the session provider
 * listens and shows the sign-in screen. Kept apart so the client knows nothing of React.
 */
type Listener = () => void;

const listeners = new Set<Listener>();

export function onUnauthorized(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function announceUnauthorized(): void {
  for (const listener of [...listeners]) listener();
}
