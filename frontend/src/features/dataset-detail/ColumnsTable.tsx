import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useDeferredValue, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { Column, DatasetDetail } from "../../api/types";
import { formatNumber, pluralize } from "../../shared/format";
import { useCanPropose } from "../contribute/canPropose";
import type { ColumnDialog, OpenColumnDialog } from "../contribute/ColumnActions";
import { ColumnDialogs } from "../contribute/ColumnDialogs";
import { proposalsByColumn } from "../contribute/proposals";
import type { PersonalData, Proposal } from "../contribute/types";
import { ColumnRow } from "./ColumnRow";
import "./columns-table.css";

/** Every row has this height (CSS clamps its content), so 1,000s of columns scroll smoothly. */
export const COLUMN_ROW_HEIGHT = 56;
const OVERSCAN = 12;
const NO_PROPOSALS: Proposal[] = [];
const NO_DECLARATIONS: PersonalData[] = [];

function matches(column: Column, needle: string): boolean {
  if (!needle) return true;
  const haystack = [column.name, column.data_type, column.business_description, column.technical_description, ...column.tags.map((t) => t.label)]
    .join(" ")
    .toLowerCase();
  return haystack.includes(needle);
}

/**
 * The columns of a dataset. Rows are virtualized against the window: only those on screen
 * (plus a margin) are in the DOM, so a dataset with thousands of columns stays responsive.
 * Given the dataset (not only its columns), it also shows personal data and pending
 * proposals, and offers the contribution actions to those who may propose changes.
 */
export function ColumnsTable(props: { dataset: DatasetDetail } | { columns: Column[] }) {
  if ("dataset" in props) return <ContributableColumnsTable dataset={props.dataset} />;
  return <ColumnsTableView columns={props.columns} dataset={null} canPropose={false} />;
}

function ContributableColumnsTable({ dataset }: { dataset: DatasetDetail }) {
  const canPropose = useCanPropose(dataset) && dataset.removed_at === null;
  return <ColumnsTableView columns={dataset.columns} dataset={dataset} canPropose={canPropose} />;
}

function ColumnsTableView({ columns, dataset, canPropose }: { columns: Column[]; dataset: DatasetDetail | null; canPropose: boolean }) {
  const id = useId();
  const [filter, setFilter] = useState("");
  const [showRemoved, setShowRemoved] = useState(true);
  const [selection, setSelection] = useState<ReadonlySet<string>>(new Set());
  const [dialog, setDialog] = useState<OpenColumnDialog | null>(null);
  const deferredFilter = useDeferredValue(filter.trim().toLowerCase());
  const removedCount = useMemo(() => columns.filter((c) => c.removed_at !== null).length, [columns]);

  const rows = useMemo(
    () =>
      [...columns]
        .sort((a, b) => a.ordinal - b.ordinal)
        .filter((column) => (showRemoved || column.removed_at === null) && matches(column, deferredFilter)),
    [columns, showRemoved, deferredFilter],
  );

  const proposals = useMemo(() => (dataset ? proposalsByColumn(dataset) : new Map<string, Proposal[]>()), [dataset]);
  const declarations = useMemo(() => {
    const byColumn = new Map<string, PersonalData[]>();
    for (const declaration of dataset?.personal_data ?? []) {
      if (declaration.column === null) continue;
      byColumn.set(declaration.column, [...(byColumn.get(declaration.column) ?? []), declaration]);
    }
    return byColumn;
  }, [dataset]);

  // A column that left the dataset (a crawl removed it) cannot stay selected.
  useEffect(() => {
    setSelection((current) => {
      const live = new Set(columns.filter((c) => c.removed_at === null).map((c) => c.name));
      const kept = [...current].filter((name) => live.has(name));
      return kept.length === current.size ? current : new Set(kept);
    });
  }, [columns]);

  const onSelect = useCallback((name: string, selected: boolean) => {
    setSelection((current) => {
      const next = new Set(current);
      if (selected) next.add(name);
      else next.delete(name);
      return next;
    });
  }, []);
  const onOpen = useCallback((kind: ColumnDialog, column: Column) => setDialog({ dialog: kind, columns: [column.name] }), []);

  const selectableShown = useMemo(() => rows.filter((c) => c.removed_at === null).map((c) => c.name), [rows]);
  const shownSelected = selectableShown.filter((name) => selection.has(name)).length;
  const allShownSelected = selectableShown.length > 0 && shownSelected === selectableShown.length;
  const headerCheckbox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (headerCheckbox.current) headerCheckbox.current.indeterminate = shownSelected > 0 && !allShownSelected;
  }, [shownSelected, allShownSelected]);

  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  useLayoutEffect(() => {
    // Where the rows start on the page; content above (e.g. the description) may change height.
    const measure = () => {
      const top = bodyRef.current ? bodyRef.current.getBoundingClientRect().top + window.scrollY : 0;
      setScrollMargin((current) => (Math.abs(current - top) > 1 ? top : current));
    };
    measure();
    const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(measure);
    observer?.observe(document.body);
    return () => observer?.disconnect();
  }, []);

  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: () => COLUMN_ROW_HEIGHT,
    overscan: OVERSCAN,
    scrollMargin,
  });
  const items = virtualizer.getVirtualItems();
  const paddingTop = items.length > 0 ? items[0]!.start - scrollMargin : 0;
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - (items[items.length - 1]!.end - scrollMargin) : 0;

  const detailed = dataset !== null;
  const selectable = canPropose;
  const cellCount = 7 + (selectable ? 1 : 0) + (detailed ? 1 : 0) + (canPropose ? 1 : 0);

  const summary =
    rows.length === columns.length
      ? pluralize(columns.length, "column") + (removedCount ? `, ${removedCount} removed` : "")
      : `${pluralize(rows.length, "column")} shown of ${formatNumber(columns.length)}`;

  return (
    <section className="section" aria-labelledby={`${id}-title`}>
      <div className="section-header">
        <h2 id={`${id}-title`}>Columns</h2>
        <p className="muted" aria-live="polite">
          {summary}
        </p>
      </div>
      {columns.length > 0 && (
        <div className="columns-toolbar">
          <div className="field field-inline">
            <label htmlFor={`${id}-filter`}>Filter columns</label>
            <input
              id={`${id}-filter`}
              type="search"
              value={filter}
              placeholder="Name, type, description or tag"
              onChange={(event) => setFilter(event.target.value)}
            />
          </div>
          {removedCount > 0 && (
            <label className="checkbox">
              <input type="checkbox" checked={showRemoved} onChange={(event) => setShowRemoved(event.target.checked)} />
              Show removed columns
            </label>
          )}
        </div>
      )}
      {/* Sticky at the top of the window (the table's header moves below it): in reach while
          scrolling, and one Shift+Tab away from the "select all" box. */}
      {selectable && selection.size > 0 && (
        <div className="bulk-bar" role="region" aria-label="Selected columns">
          <span aria-live="polite">{pluralize(selection.size, "column")} selected</span>
          <button type="button" className="btn btn-small btn-primary" onClick={() => setDialog({ dialog: "declare", columns: [...selection] })}>
            Declare personal data…
          </button>
          <button type="button" className="btn btn-small btn-ghost" onClick={() => setSelection(new Set())}>
            Clear selection
          </button>
        </div>
      )}
      {columns.length === 0 ? (
        <p className="muted">The source reported no columns for this dataset.</p>
      ) : (
        <div className="table-frame">
          <table className={detailed ? "data-table columns-table columns-table-detailed" : "data-table columns-table"} aria-rowcount={rows.length + 1}>
            <caption className="visually-hidden">Columns</caption>
            <thead>
              <tr aria-rowindex={1}>
                {selectable && (
                  <th scope="col" className="col-select">
                    <input
                      ref={headerCheckbox}
                      type="checkbox"
                      aria-label="Select all shown columns"
                      checked={allShownSelected}
                      disabled={selectableShown.length === 0}
                      onChange={(event) => {
                        const checked = event.target.checked;
                        setSelection((current) => {
                          const next = new Set(current);
                          for (const name of selectableShown) {
                            if (checked) next.add(name);
                            else next.delete(name);
                          }
                          return next;
                        });
                      }}
                    />
                  </th>
                )}
                <th scope="col" className="numeric col-ordinal">
                  #
                </th>
                <th scope="col" className="col-colname">
                  Name
                </th>
                <th scope="col" className="col-type">
                  Type
                </th>
                <th scope="col" className="col-flag">
                  Nullable
                </th>
                <th scope="col" className="col-flag">
                  <abbr title="Primary key">PK</abbr>
                </th>
                <th scope="col" className="col-coldesc">
                  Description
                </th>
                <th scope="col" className="col-coltags">
                  Tags
                </th>
                {detailed && (
                  <th scope="col" className="col-personal">
                    Personal data
                  </th>
                )}
                {canPropose && (
                  <th scope="col" className="col-actions">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody ref={bodyRef}>
              {paddingTop > 0 && (
                <tr aria-hidden="true" className="spacer-row">
                  <td colSpan={cellCount} style={{ height: paddingTop }} />
                </tr>
              )}
              {items.map((item) => {
                const column = rows[item.index]!;
                return (
                  <ColumnRow
                    key={column.id}
                    column={column}
                    rowIndex={item.index + 2}
                    detailed={detailed}
                    declarations={declarations.get(column.name) ?? NO_DECLARATIONS}
                    proposals={proposals.get(column.name) ?? NO_PROPOSALS}
                    selectable={selectable}
                    selected={selection.has(column.name)}
                    onSelect={onSelect}
                    onOpen={canPropose ? onOpen : null}
                  />
                );
              })}
              {paddingBottom > 0 && (
                <tr aria-hidden="true" className="spacer-row">
                  <td colSpan={cellCount} style={{ height: paddingBottom }} />
                </tr>
              )}
              {rows.length === 0 && (
                <tr>
                  <td colSpan={cellCount} className="muted">
                    No column matches “{filter}”.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      {dataset && canPropose && (
        <ColumnDialogs
          dataset={dataset}
          open={dialog}
          onClose={() => setDialog(null)}
          // A declaration that went through empties the selection it was made from.
          onDeclared={() => setSelection(new Set())}
        />
      )}
    </section>
  );
}
