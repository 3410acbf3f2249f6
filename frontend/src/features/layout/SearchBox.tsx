import { useLocation } from "react-router-dom";
import { SearchCombobox } from "../search/SearchCombobox";

/** Pages whose own, larger search box takes the header's place. */
const PAGES_WITH_THEIR_OWN_BOX = new Set(["/", "/search"]);

/** The header's search box, with autocomplete (datasets, columns, tags). */
export function SearchBox() {
  const { pathname } = useLocation();
  // The empty box keeps the header's layout the same on every page.
  if (PAGES_WITH_THEIR_OWN_BOX.has(pathname)) return <div className="search-box" aria-hidden="true" />;
  return <SearchCombobox label="Search the catalog" />;
}
