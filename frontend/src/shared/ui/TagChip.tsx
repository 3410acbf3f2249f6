import type { AppliedTag, TagRef } from "../../api/types";
import { describeProvenance } from "../format";

function isApplied(tag: TagRef | AppliedTag): tag is AppliedTag {
  return "provenance" in tag;
}

/** A tag; hovering (or focusing) it tells its vocabulary and, when known, where it came from. */
export function TagChip({ tag }: { tag: TagRef | AppliedTag }) {
  const origin = isApplied(tag) ? describeProvenance(tag.provenance) : "";
  const title = [`${tag.vocabulary}: ${tag.label}`, origin].filter(Boolean).join("\n");
  return (
    <span className="tag" title={title} tabIndex={isApplied(tag) ? 0 : undefined} aria-label={isApplied(tag) ? `${tag.label}. ${origin}` : undefined}>
      {tag.label}
    </span>
  );
}

export function TagList({ tags, limit }: { tags: (TagRef | AppliedTag)[]; limit?: number }) {
  if (tags.length === 0) return null;
  const shown = limit === undefined ? tags : tags.slice(0, limit);
  const hidden = tags.length - shown.length;
  return (
    <ul className="tag-list" aria-label="Tags">
      {shown.map((tag) => (
        <li key={`${tag.vocabulary}:${tag.key}`}>
          <TagChip tag={tag} />
        </li>
      ))}
      {hidden > 0 && (
        <li>
          <span className="tag tag-more" title={tags.slice(shown.length).map((t) => t.label).join(", ")}>
            +{hidden}
          </span>
        </li>
      )}
    </ul>
  );
}
