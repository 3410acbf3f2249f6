import type { DatasetDetail } from "../../api/types";
import { describeProvenance } from "../../shared/format";
import { Markdown } from "../../shared/markdown/Markdown";

/**
 * The business description (Markdown by people, rendered sanitized) and what the source says
 * (plain text, never interpreted).
 */
export function DatasetDescription({ dataset }: { dataset: DatasetDetail }) {
  const business = dataset.business_description.trim();
  const technical = dataset.technical_description.trim();
  return (
    <section className="section" aria-labelledby="description-title">
      <h2 id="description-title">Description</h2>
      {business ? (
        <>
          <Markdown source={business} />
          {dataset.business_description_provenance && (
            <p className="provenance">{describeProvenance(dataset.business_description_provenance, "Written")}</p>
          )}
          {technical && (
            <div className="technical-description">
              <h3>Description from the source</h3>
              <p className="plain-text">{technical}</p>
            </div>
          )}
        </>
      ) : technical ? (
        <>
          <p className="plain-text">{technical}</p>
          <p className="provenance">From the source; nobody has written a business description yet.</p>
        </>
      ) : (
        <p className="muted">No description yet.</p>
      )}
    </section>
  );
}
