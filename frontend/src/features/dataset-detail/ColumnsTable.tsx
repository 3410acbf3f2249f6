import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { useDeferredValue, useId, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { Column } from "../../api/types";
import { describeProvenance, formatDate, formatNumber, pluralize } from "../../shared/format";
import { stripMarkdown } from "../../shared/markdown/stripMarkdown";
import { TagList } from "../../shared/ui/TagChip";

/** Every row has this height (CSS clamps its content), so 1,000s of columns scroll smoothly. */
export const COLUMN_ROW_HEIGHT = 56;
const OVERSCAN = 12;

function matches(column: Column, needle: string): boolean {
  if (!needle) return true;
  const haystack = [column.name, column.data_type, column.business_description, column.technical_description, ...column.tags.map((t) => t.label)]
    .join(" ")
    .toLowerCase();
  return haystack.includes(needle);
}

function ColumnDescription({ column }: { column: Column }) {
  const business = stripMarkdown(column.business_description);
  if (business) {
    const origin = describeProvenance(column.business_description_provenance, "Written");
    return (
      <span className="clamp-2" title={[business, origin].filter(Boolean).join("\n\n")}>
        {business}
      </span>
    );
  }
  if (column.technical_description) {
    return (
      <span className="clamp-2 technical" title={`From the source: ${column.technical_description}`}>
        {column.technical_description}
      </span>
    );
  }
  return <span className="subtle">—</span>;
}

function ColumnRow({ column, rowIndex }: { column: Column; rowIndex: number }) {
  const removed = column.removed_at !== null;
  return (
    <tr className={removed ? "column-row column-removed" : "column-row"} aria-rowindex={rowIndex}>
      <td className="numeric col-ordinal">{column.ordinal}</td>
      <td className="col-colname">
        <span className="column-name" title={column.name}>
          {removed ? <del>{column.name}</del> : column.name}
        </span>
        {removed && (
          <span className="badge badge-removed" title={`No longer in the source since ${formatDate(column.removed_at)}`}>
            Removed
          </span>
        )}
      </td>
      <td className="col-type">
        <code title={column.data_type}>{column.data_type || "—"}</code>
      </td>
      <td className="col-flag">{column.nullable ? "Yes" : "No"}</td>
      <td className="col-flag">
        {column.is_primary_key ? (
          <span className="badge badge-pk" title="Primary key">
            PK
          </span>
        ) : (
          <span className="visually-hidden">No</span>
        )}
      </td>
      <td className="col-coldesc">
        <ColumnDescription column={column} />
      </td>
      <td className="col-coltags">
        <TagList tags={column.tags} limit={2} />
      </td>
    </tr>
  );
}

/**
 * The columns of a dataset. Rows are virtualized against the window: only those on screen
 * (plus a margin) are in the DOM, so a dataset with thousands of columns stays responsive.
 */
export function ColumnsTable({ columns }: { columns: Column[] }) {
  const id = useId();
  const [filter, setFilter] = useState("");
  const [showRemoved, setShowRemoved] = useState(true);
  const deferredFilter = useDeferredValue(filter.trim().toLowerCase());
  const removedCount = useMemo(() => columns.filter((c) => c.removed_at !== null).length, [columns]);

  const rows = useMemo(
    () =>
      [...columns]
        .sort((a, b) => a.ordinal - b.ordinal)
        .filter((column) => (showRemoved || column.removed_at === null) && matches(column, deferredFilter)),
    [columns, showRemoved, deferredFilter],
  );

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
      {columns.length === 0 ? (
        <p className="muted">The source reported no columns for this dataset.</p>
      ) : (
        <div className="table-frame">
          <table className="data-table columns-table" aria-rowcount={rows.length + 1}>
            <caption className="visually-hidden">Columns</caption>
            <thead>
              <tr aria-rowindex={1}>
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
              </tr>
            </thead>
            <tbody ref={bodyRef}>
              {paddingTop > 0 && (
                <tr aria-hidden="true" className="spacer-row">
                  <td colSpan={7} style={{ height: paddingTop }} />
                </tr>
              )}
              {items.map((item) => (
                <ColumnRow key={rows[item.index]!.id} column={rows[item.index]!} rowIndex={item.index + 2} />
              ))}
              {paddingBottom > 0 && (
                <tr aria-hidden="true" className="spacer-row">
                  <td colSpan={7} style={{ height: paddingBottom }} />
                </tr>
              )}
              {rows.length === 0 && (
                <tr>
                  <td colSpan={7} className="muted">
                    No column matches “{filter}”.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
