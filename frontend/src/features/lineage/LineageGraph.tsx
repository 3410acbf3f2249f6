import { useMemo } from "react";
import { Link } from "react-router-dom";
import type { LineageEdge, LineageGraph as Graph, LineageNode } from "./api";
import { edgePath, layoutGraph, NODE_HEIGHT, NODE_WIDTH } from "./layout";

function where(node: LineageNode): string {
  if (node.level === 0) return "this dataset";
  const hops = Math.abs(node.level);
  return `${node.level < 0 ? "upstream" : "downstream"}, ${hops} ${hops === 1 ? "hop" : "hops"} away`;
}

function NodeBox({ node, href, x, y }: { node: LineageNode; href: (id: number) => string; x: number; y: number }) {
  const root = node.level === 0;
  const className = ["lineage-node", root ? "lineage-node-root" : "", node.removed ? "lineage-node-removed" : ""].filter(Boolean).join(" ");
  const content = (
    <>
      <span className="lineage-node-name">{node.removed ? <del>{node.name}</del> : node.name}</span>
      <span className="lineage-node-meta">
        {node.kind} · {node.source.name}
        {node.removed && " · removed"}
      </span>
    </>
  );
  const style = { left: x, top: y, width: NODE_WIDTH, height: NODE_HEIGHT };
  const label = `${node.name} (${where(node)}${node.removed ? ", removed from its source" : ""})`;
  if (root) {
    return (
      <div className={className} style={style} title={node.urn} aria-label={label} role="group">
        {content}
      </div>
    );
  }
  return (
    <Link className={className} style={style} to={href(node.id)} title={node.urn} aria-label={label}>
      {content}
    </Link>
  );
}

/**
 * The graph drawn in layers: datasets are links laid over an SVG of their edges, so they stay
 * keyboard-focusable and readable by assistive technology (the edges are listed beside it).
 */
export function LineageGraphView({ graph, href }: { graph: Graph; href: (id: number) => string }) {
  const layout = useMemo(() => layoutGraph(graph.nodes, graph.edges), [graph]);
  const ordered = useMemo(
    () => [...graph.nodes].sort((a, b) => a.level - b.level || (layout.positions.get(a.id)?.y ?? 0) - (layout.positions.get(b.id)?.y ?? 0)),
    [graph.nodes, layout],
  );

  const drawn = (edge: LineageEdge) => {
    const from = layout.positions.get(edge.upstream_id);
    const to = layout.positions.get(edge.downstream_id);
    return from && to ? { edge, d: edgePath(from, to) } : null;
  };
  const paths = graph.edges.map(drawn).filter((p) => p !== null);

  return (
    <div className="lineage-canvas-frame">
      <div className="lineage-canvas" style={{ width: layout.width, height: layout.height }} role="group" aria-label="Lineage graph">
        <svg className="lineage-edges" width={layout.width} height={layout.height} aria-hidden="true" focusable="false">
          <defs>
            <marker id="lineage-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" />
            </marker>
          </defs>
          {paths.map(({ edge, d }) => (
            <path key={edge.id} d={d} className={edge.columns.length ? "lineage-edge lineage-edge-columns" : "lineage-edge"} markerEnd="url(#lineage-arrow)">
              <title>{edge.via ? `via ${edge.via}` : "lineage"}</title>
            </path>
          ))}
        </svg>
        {ordered.map((node) => {
          const position = layout.positions.get(node.id);
          return position ? <NodeBox key={node.id} node={node} href={href} x={position.x} y={position.y} /> : null;
        })}
      </div>
    </div>
  );
}
