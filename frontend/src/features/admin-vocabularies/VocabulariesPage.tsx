import { useState } from "react";
import { EmptyState } from "../../shared/ui/EmptyState";
import { ErrorState } from "../../shared/ui/ErrorState";
import { Skeleton } from "../../shared/ui/Skeleton";
import { useDocumentTitle } from "../../shared/useDocumentTitle";
import { ADMIN_PERMISSIONS } from "../admin/permissions";
import { RequirePermission } from "../admin/RequirePermission";
import { useVocabularies } from "./api";
import { VocabularyForm } from "./VocabularyForm";
import { VocabularySection } from "./VocabularySection";
import { SuccessNotice } from "../../shared/ui/SuccessNotice";
import "../admin-domains/admin-domains.css";
import "./admin-vocabularies.css";

function Vocabularies() {
  const vocabularies = useVocabularies();
  const [creating, setCreating] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  useDocumentTitle("Vocabularies · Administration");

  let body;
  if (vocabularies.isPending) {
    body = (
      <div aria-busy="true">
        <p className="visually-hidden" role="status">
          Loading vocabularies…
        </p>
        {Array.from({ length: 2 }, (_, index) => (
          <div key={index} className="section">
            <Skeleton width="30%" height="1.5rem" />
            {Array.from({ length: 3 }, (_, row) => (
              <Skeleton key={row} height="2.75rem" className="skeleton-gap" />
            ))}
          </div>
        ))}
      </div>
    );
  } else if (vocabularies.isError) {
    body = (
      <ErrorState error={vocabularies.error} title="The vocabularies could not be loaded" onRetry={() => void vocabularies.refetch()} />
    );
  } else if (vocabularies.data.length === 0) {
    body = (
      <EmptyState title="No vocabularies yet">
        <p>A vocabulary is a named set of tags people put on datasets and columns.</p>
      </EmptyState>
    );
  } else {
    body = vocabularies.data.map((vocabulary) => (
      <VocabularySection key={vocabulary.key} vocabulary={vocabulary} onSaved={setSaved} />
    ));
  }

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Tag vocabularies</h1>
          <p className="muted">The tags people may put on datasets and columns, central or kept by a domain.</p>
        </div>
        {!creating && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              setSaved(null);
              setCreating(true);
            }}
          >
            New vocabulary
          </button>
        )}
      </div>
      {saved && <SuccessNotice>{saved}</SuccessNotice>}
      {creating && (
        <section className="section" aria-labelledby="new-vocabulary-title">
          <h2 id="new-vocabulary-title">New vocabulary</h2>
          <VocabularyForm
            onDone={(vocabulary) => {
              setSaved(`The vocabulary “${vocabulary.name}” was created.`);
              setCreating(false);
            }}
            onCancel={() => setCreating(false)}
          />
        </section>
      )}
      {body}
    </div>
  );
}

export function VocabulariesPage() {
  return (
    <RequirePermission permission={ADMIN_PERMISSIONS.catalog}>
      <Vocabularies />
    </RequirePermission>
  );
}

export default VocabulariesPage;
