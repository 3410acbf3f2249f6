import { edgePath, GAP_X, layoutGraph, NODE_HEIGHT, NODE_WIDTH } from "./layout";

const node = (id: number, level: number, name = `d${id}`) => ({ id, level, name });
const edge = (upstream_id: number, downstream_id: number) => ({ upstream_id, downstream_id });

describe("layoutGraph", () => {
  it("puts upstream levels on the left, the dataset in the middle, downstream on the right", () => {
    const layout = layoutGraph([node(1, 0), node(2, -1), node(3, -2), node(4, 1)], [edge(3, 2), edge(2, 1), edge(1, 4)]);
    const x = (id: number) => layout.positions.get(id)!.x;
    expect(x(3)).toBeLessThan(x(2));
    expect(x(2)).toBeLessThan(x(1));
    expect(x(1)).toBeLessThan(x(4));
    expect(x(2) - x(3)).toBe(NODE_WIDTH + GAP_X);
    expect(layout.width).toBeGreaterThanOrEqual(x(4) + NODE_WIDTH);
  });

  it("gives every node its own place and keeps columns centred on the tallest", () => {
    const nodes = [node(1, 0), node(2, 1), node(3, 1), node(4, 1)];
    const layout = layoutGraph(nodes, [edge(1, 2), edge(1, 3), edge(1, 4)]);
    const places = nodes.map((n) => `${layout.positions.get(n.id)!.x},${layout.positions.get(n.id)!.y}`);
    expect(new Set(places).size).toBe(4);
    const ys = [2, 3, 4].map((id) => layout.positions.get(id)!.y);
    const root = layout.positions.get(1)!.y;
    // The dataset sits level with the middle of its three downstream datasets.
    expect(root).toBeCloseTo((Math.min(...ys) + Math.max(...ys)) / 2);
    expect(layout.height).toBeGreaterThanOrEqual(Math.max(...ys) + NODE_HEIGHT);
  });

  it("orders a level by its neighbours nearer the dataset, so edges do not cross needlessly", () => {
    // Upstream a feeds b... b is first by name; the level beyond follows their order, not names.
    const nodes = [node(1, 0), node(10, -1, "a"), node(11, -1, "b"), node(20, -2, "z-feeds-a"), node(21, -2, "y-feeds-b")];
    const layout = layoutGraph(nodes, [edge(10, 1), edge(11, 1), edge(20, 10), edge(21, 11)]);
    const y = (id: number) => layout.positions.get(id)!.y;
    expect(y(10)).toBeLessThan(y(11));
    expect(y(20)).toBeLessThan(y(21));
  });

  it("handles an empty graph and a graph of one dataset", () => {
    expect(layoutGraph([], []).positions.size).toBe(0);
    const single = layoutGraph([node(1, 0)], []);
    expect(single.positions.get(1)).toBeDefined();
    expect(single.width).toBeGreaterThanOrEqual(NODE_WIDTH);
  });

  it("lays out 500 datasets and 2,000 edges quickly", () => {
    const nodes = [node(0, 0), ...Array.from({ length: 499 }, (_, i) => node(i + 1, (i % 10) - 5 || 1))];
    const edges = Array.from({ length: 2000 }, (_, i) => edge(i % 500, (i * 7 + 1) % 500));
    const started = performance.now();
    const layout = layoutGraph(nodes, edges);
    expect(performance.now() - started).toBeLessThan(500);
    expect(layout.positions.size).toBe(500);
  });
});

describe("edgePath", () => {
  it("runs from the right side of the upstream node to the left side of the downstream one", () => {
    const d = edgePath({ x: 0, y: 0 }, { x: 300, y: 100 });
    expect(d.startsWith(`M ${NODE_WIDTH} ${NODE_HEIGHT / 2} C`)).toBe(true);
    expect(d.endsWith(`300 ${100 + NODE_HEIGHT / 2}`)).toBe(true);
  });
});
