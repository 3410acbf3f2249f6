import { useRef } from "react";
import type { KeyboardEvent, ReactNode } from "react";
import { useSearchParams } from "react-router-dom";

export const DATASET_TABS = [
  { id: "overview", label: "Overview" },
  { id: "lineage", label: "Lineage" },
  { id: "activity", label: "History" },
  { id: "quality", label: "Quality issues" },
  { id: "discussion", label: "Discussion" },
] as const;

export type DatasetTab = (typeof DATASET_TABS)[number]["id"];

const isTab = (value: string | null): value is DatasetTab => DATASET_TABS.some((tab) => tab.id === value);

export const tabId = (tab: DatasetTab) => `dataset-tab-${tab}`;
export const panelId = (tab: DatasetTab) => `dataset-panel-${tab}`;

/**
 * The shown tab lives in the address (?tab=lineage), so it can be bookmarked and shared, and
 * Back leaves the page rather than walking through tabs. Choosing a tab drops the previous
 * tab's own parameters (its page, its filters).
 */
export function useDatasetTab(): [DatasetTab, (tab: DatasetTab) => void] {
  const [params, setParams] = useSearchParams();
  const raw = params.get("tab");
  const current: DatasetTab = isTab(raw) ? raw : "overview";
  const select = (tab: DatasetTab) => {
    if (tab === current) return;
    setParams(tab === "overview" ? {} : { tab }, { replace: true, preventScrollReset: true });
  };
  return [current, select];
}

/**
 * Tabs as the ARIA pattern has them: one tab stop, arrow keys (and Home/End) move between
 * tabs and show them. `onIntent` fires when a tab is hovered or focused, to fetch ahead.
 */
export function DatasetTabs({
  current,
  onSelect,
  onIntent,
  badges = {},
}: {
  current: DatasetTab;
  onSelect: (tab: DatasetTab) => void;
  onIntent?: (tab: DatasetTab) => void;
  badges?: Partial<Record<DatasetTab, ReactNode>>;
}) {
  const refs = useRef(new Map<DatasetTab, HTMLButtonElement>());

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = DATASET_TABS.findIndex((tab) => tab.id === current);
    const last = DATASET_TABS.length - 1;
    const next: Record<string, number> = {
      ArrowRight: index === last ? 0 : index + 1,
      ArrowLeft: index === 0 ? last : index - 1,
      Home: 0,
      End: last,
    };
    const target = next[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const tab = DATASET_TABS[target]!.id;
    onSelect(tab);
    refs.current.get(tab)?.focus();
  };

  return (
    <div className="dataset-tabs" role="tablist" aria-label="Dataset sections" onKeyDown={onKeyDown}>
      {DATASET_TABS.map((tab) => {
        const selected = tab.id === current;
        return (
          <button
            key={tab.id}
            ref={(element) => {
              if (element) refs.current.set(tab.id, element);
              else refs.current.delete(tab.id);
            }}
            type="button"
            role="tab"
            id={tabId(tab.id)}
            aria-selected={selected}
            aria-controls={selected ? panelId(tab.id) : undefined}
            tabIndex={selected ? 0 : -1}
            className="dataset-tab"
            onClick={() => onSelect(tab.id)}
            onPointerEnter={() => onIntent?.(tab.id)}
            onFocus={() => onIntent?.(tab.id)}
          >
            {tab.label}
            {badges[tab.id]}
          </button>
        );
      })}
    </div>
  );
}
