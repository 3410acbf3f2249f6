import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { pluralize } from "../../shared/format";
import { EmptyState } from "../../shared/ui/EmptyState";
import { ErrorState } from "../../shared/ui/ErrorState";
import { Skeleton } from "../../shared/ui/Skeleton";
import { DIRECTIONS, lineageQuery, MAX_DEPTH, parseLineageParams } from "./api";
import type { LineageDirection, LineageGraph, LineageNode } from "./api";
import { LineageGraphView } from "./LineageGraph";
import "./lineage.css";

const SHOWN_ROWS = 100;

function DatasetLink({ node, href }: { node: LineageNode | undefined; href: (id: number) => string }) {
  if (!node) return <span className="subtle">?</span>;
  if (node.level === 0) return <strong>{node.name}</strong>;
  return <Link to={href(node.id)}>{node.name}</Link>;
}

/** Every column-to-column pair of the graph's edges ("orders.customer_id → customers.id"). */
function ColumnEdges({ graph, byId, href }: { graph: LineageGraph; byId: Map<number, LineageNode>; href: (id: number) => string }) {
  const [all, setAll] = useState(false);
  const pairs = useMemo(
    () =>
      graph.edges.flatMap((edge) =>
        edge.columns.map((pair, index) => ({ key: `${edge.id}-${index}`, edge, pair })),
      ),
    [graph.edges],
  );
  if (pairs.length === 0) {
    return <p className="muted">No column-level lineage was reported for these datasets.</p>;
  }
  const shown = all ? pairs : pairs.slice(0, SHOWN_ROWS);
  return (
    <>
      <div className="table-frame">
        <table className="data-table lineage-table">
          <caption className="visually-hidden">Column-level lineage</caption>
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Via</th>
            </tr>
          </thead>
          <tbody>
            {shown.map(({ key, edge, pair }) => (
              <tr key={key}>
                <td>
                  <DatasetLink node={byId.get(edge.upstream_id)} href={href} />.<code>{pair.upstream}</code>
                </td>
                <td>
                  <DatasetLink node={byId.get(edge.downstream_id)} href={href} />.<code>{pair.downstream}</code>
                </td>
                <td className="lineage-via">
                  {edge.via ? (
                    <span className="truncate" title={edge.via}>
                      {edge.via}
                    </span>
                  ) : (
                    <span className="subtle">—</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!all && pairs.length > SHOWN_ROWS && (
        <button type="button" className="btn btn-small" onClick={() => setAll(true)}>
          Show all {pluralize(pairs.length, "column pair")}
        </button>
      )}
    </>
  );
}

/** Every dataset-to-dataset edge, as a list: the graph's text equivalent. */
function DatasetEdges({ graph, byId, href }: { graph: LineageGraph; byId: Map<number, LineageNode>; href: (id: number) => string }) {
  return (
    <details className="lineage-edge-list">
      <summary>List the {pluralize(graph.edges.length, "link")} between datasets</summary>
      <ul>
        {graph.edges.map((edge) => (
          <li key={edge.id}>
            <DatasetLink node={byId.get(edge.upstream_id)} href={href} /> → <DatasetLink node={byId.get(edge.downstream_id)} href={href} />
            {edge.via && <span className="subtle"> via {edge.via}</span>}
            {edge.columns.length > 0 && <span className="subtle"> ({pluralize(edge.columns.length, "column")})</span>}
          </li>
        ))}
      </ul>
    </details>
  );
}

function GraphSkeleton() {
  return (
    <div aria-busy="true" className="lineage-skeleton">
      <p className="visually-hidden" role="status">
        Loading the lineage…
      </p>
      <Skeleton width="100%" height="16rem" />
    </div>
  );
}

/**
 * What feeds this dataset and what it feeds, as deep as asked. The direction and depth are in
 * the address (?tab=lineage&dir=up&depth=2); nodes link to their datasets' lineage in turn.
 */
export default function LineagePanel({ datasetId }: { datasetId: number }) {
  const [params, setParams] = useSearchParams();
  const { direction, depth } = parseLineageParams(params);
  const lineage = useQuery({ ...lineageQuery(datasetId, direction, depth), placeholderData: keepPreviousData });
  const graph = lineage.data;
  const byId = useMemo(() => new Map((graph?.nodes ?? []).map((node) => [node.id, node])), [graph]);

  const settings = (next: { direction?: LineageDirection; depth?: number }) => {
    const d = next.direction ?? direction;
    const n = next.depth ?? depth;
    return new URLSearchParams({ tab: "lineage", dir: d, depth: String(n) });
  };
  const change = (next: { direction?: LineageDirection; depth?: number }) =>
    setParams(settings(next), { replace: true, preventScrollReset: true });
  const href = (id: number) => `/datasets/${id}?${settings({})}`;

  const upstream = graph?.nodes.filter((n) => n.level < 0).length ?? 0;
  const downstream = graph?.nodes.filter((n) => n.level > 0).length ?? 0;

  return (
    <section className="section" aria-labelledby="lineage-title" aria-busy={lineage.isFetching}>
      <div className="section-header">
        <h2 id="lineage-title">Lineage</h2>
        {graph && (
          <p className="muted" aria-live="polite">
            {pluralize(upstream, "upstream dataset")}, {pluralize(downstream, "downstream dataset")}
          </p>
        )}
      </div>
      <div className="filters lineage-controls">
        <div className="field field-inline">
          <label htmlFor="lineage-direction">Show</label>
          <select id="lineage-direction" value={direction} onChange={(e) => change({ direction: e.target.value as LineageDirection })}>
            {DIRECTIONS.map((d) => (
              <option key={d.value} value={d.value}>
                {d.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="lineage-depth">Depth</label>
          <select id="lineage-depth" value={depth} onChange={(e) => change({ depth: Number(e.target.value) })}>
            {Array.from({ length: MAX_DEPTH }, (_, index) => index + 1).map((n) => (
              <option key={n} value={n}>
                {n === 1 ? "1 hop" : `${n} hops`}
              </option>
            ))}
          </select>
        </div>
      </div>
      {lineage.isPending ? (
        <GraphSkeleton />
      ) : lineage.isError ? (
        <ErrorState error={lineage.error} title="The lineage could not be loaded" onRetry={() => void lineage.refetch()} />
      ) : lineage.data.edges.length === 0 ? (
        <EmptyState title="No lineage recorded">
          <p>
            Lineage comes from dbt projects and OpenLineage emitters. None has said what feeds this dataset or what it feeds
            {direction === "both" ? "" : " in this direction"}.
          </p>
        </EmptyState>
      ) : (
        <>
          {lineage.data.truncated && (
            <div className="alert alert-warning" role="note">
              The graph is too large to show whole: it stops at 500 datasets or 2,000 links. Choose a smaller depth, or follow
              a dataset to see its own lineage.
            </div>
          )}
          <LineageGraphView graph={lineage.data} href={href} />
          <DatasetEdges graph={lineage.data} byId={byId} href={href} />
          <h3 className="lineage-subtitle">Column-level lineage</h3>
          <ColumnEdges graph={lineage.data} byId={byId} href={href} />
        </>
      )}
    </section>
  );
}
