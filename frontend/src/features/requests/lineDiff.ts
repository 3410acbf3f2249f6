/** A line-by-line diff of two texts (longest common subsequence), for descriptions and owner lists. */
export interface DiffLine {
  change: "same" | "removed" | "added";
  text: string;
}

// Beyond this many lines on either side the table would be too large: show all removed, all added.
const MAX_LINES = 2000;

export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before === "" ? [] : before.split("\n");
  const b = after === "" ? [] : after.split("\n");
  if (a.length > MAX_LINES || b.length > MAX_LINES) {
    return [...a.map((text) => ({ change: "removed" as const, text })), ...b.map((text) => ({ change: "added" as const, text }))];
  }
  // common[i][j]: length of the longest common subsequence of a[i:] and b[j:].
  const common: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i]![j] = a[i] === b[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ change: "same", text: a[i]! });
      i++;
      j++;
    } else if (common[i + 1]![j]! >= common[i]![j + 1]!) {
      out.push({ change: "removed", text: a[i++]! });
    } else {
      out.push({ change: "added", text: b[j++]! });
    }
  }
  while (i < a.length) out.push({ change: "removed", text: a[i++]! });
  while (j < b.length) out.push({ change: "added", text: b[j++]! });
  return out;
}
