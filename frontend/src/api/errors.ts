import type { Problem } from "./types";

/** Field name -> messages, from a problem's `errors` member (422) or request part (400). */
export type FieldErrors = Record<string, string[]>;

/**
 * A failed API call. Built from an RFC 9457 problem (application/problem+json) when the
 * server sent one; `status` is 0 when the server could not be reached at all.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly type: string;
  readonly instance: string | null;
  readonly fieldErrors: FieldErrors;
  /** Seconds to wait before trying again (the Retry-After header of a 429 or 503), if given. */
  readonly retryAfterSeconds: number | null;

  constructor(init: {
    status: number;
    title: string;
    detail: string;
    type?: string;
    instance?: string | null;
    fieldErrors?: FieldErrors;
    retryAfterSeconds?: number | null;
  }) {
    super(init.detail);
    this.name = "ApiError";
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    this.type = init.type ?? "about:blank";
    this.instance = init.instance ?? null;
    this.fieldErrors = init.fieldErrors ?? {};
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
  }

  /** The server did not answer, or a gateway in front of it said it is down. */
  get unreachable(): boolean {
    return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504;
  }

  get unauthorized(): boolean {
    return this.status === 401;
  }

  get notFound(): boolean {
    return this.status === 404;
  }
}

export const UNREACHABLE_DETAIL = "The catalog server could not be reached.";

export function unreachableError(cause?: unknown): ApiError {
  const error = new ApiError({ status: 0, title: "Unreachable", detail: UNREACHABLE_DETAIL });
  if (cause !== undefined) (error as { cause?: unknown }).cause = cause;
  return error;
}

function isProblem(body: unknown): body is Problem {
  if (typeof body !== "object" || body === null) return false;
  const candidate = body as Record<string, unknown>;
  return typeof candidate.status === "number" && typeof candidate.title === "string";
}

/** Flatten a problem's `errors` (possibly nested, e.g. {json: {field: [...]}}) to field -> messages. */
export function flattenFieldErrors(errors: unknown, prefix = ""): FieldErrors {
  const out: FieldErrors = {};
  if (typeof errors !== "object" || errors === null) return out;
  for (const [key, value] of Object.entries(errors)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (Array.isArray(value)) {
      out[name] = value.map((message) => String(message));
    } else if (typeof value === "string") {
      out[name] = [value];
    } else if (typeof value === "object" && value !== null) {
      // Marshmallow nests by request part ("json", "query"); drop that level from the name.
      const nested = flattenFieldErrors(value, ["json", "query", "form", "path"].includes(key) ? prefix : name);
      Object.assign(out, nested);
    }
  }
  return out;
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 10.2.3). */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const when = Date.parse(trimmed);
  if (Number.isNaN(when)) return null;
  return Math.max(0, Math.ceil((when - now) / 1000));
}

/** Turn a non-2xx response (and its parsed body, if any) into an ApiError. */
export function apiErrorFrom(response: Response, body: unknown): ApiError {
  if (isProblem(body)) {
    return new ApiError({
      status: response.status,
      title: body.title,
      detail: body.detail || body.title,
      type: body.type,
      instance: body.instance ?? null,
      fieldErrors: flattenFieldErrors(body.errors),
      retryAfterSeconds: parseRetryAfter(response.headers.get("Retry-After")),
    });
  }
  const title = response.statusText || `HTTP ${response.status}`;
  return new ApiError({
    status: response.status,
    title,
    retryAfterSeconds: parseRetryAfter(response.headers.get("Retry-After")),
    detail:
      response.status >= 502 && response.status <= 504
        ? UNREACHABLE_DETAIL
        : `The server answered ${response.status} ${response.statusText}`.trim() + ".",
  });
}
