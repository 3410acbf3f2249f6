import { ApiError } from "../../api/errors";

/**
 * A change request's 422 names its fields by pointer: "/items/0/payload/category",
 * "/items/2/column", or "items.0.payload" when the body itself is malformed, and "rationale".
 * This reads them back as (item, field) so each message can sit beside its own control.
 */
const POINTER = /^\/?items[/.](\d+)(?:[/.](.+))?$/;
const PAYLOAD = /^payload(?:[/.](.+))?$/;

export interface FieldProblem {
  /** The item's index in the request, or null for the request as a whole. */
  item: number | null;
  /** The payload field ("category", "owners.0.email"), or "column", "kind", "rationale". */
  field: string;
  message: string;
}

export function fieldProblems(error: unknown): FieldProblem[] {
  if (!(error instanceof ApiError)) return [];
  const problems: FieldProblem[] = [];
  for (const [key, messages] of Object.entries(error.fieldErrors)) {
    const message = messages.join(" ");
    const pointed = POINTER.exec(key);
    if (!pointed) {
      problems.push({ item: null, field: key.replace(/^\//, ""), message });
      continue;
    }
    const rest = pointed[2] ?? "";
    const payload = PAYLOAD.exec(rest);
    problems.push({ item: Number(pointed[1]), field: payload ? (payload[1] ?? "payload") : rest || "item", message });
  }
  return problems;
}

/** The first message for a field, whichever item it is about (one form field feeds them all). */
export function messageFor(problems: FieldProblem[], field: string): string | undefined {
  return problems.find((problem) => problem.field === field)?.message;
}

/**
 * The problem's detail for people: "/items/2/column: customers has no column 'x'." becomes
 * "x: customers has no column 'x'." when the form knows what item 2 was about.
 */
export function readableDetail(detail: string, itemLabels: readonly string[] = []): string {
  return detail.replace(/\/items\/(\d+)(?:\/[\w./-]*)?:\s*/g, (_, index: string) => {
    const label = itemLabels[Number(index)];
    return label ? `${label}: ` : "";
  });
}
