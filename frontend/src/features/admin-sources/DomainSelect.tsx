import type { FieldControlProps } from "../../shared/ui/FormField";
import { useDomains } from "../domains/api";

/** A domain's key, or "" for none; the choices come from /domains. */
export function DomainSelect({
  props,
  value,
  disabled,
  onChange,
}: {
  props: FieldControlProps;
  value: string;
  disabled?: boolean;
  onChange: (key: string) => void;
}) {
  const domains = useDomains();
  return (
    <select {...props} value={value} disabled={disabled || domains.isPending} onChange={(event) => onChange(event.target.value)}>
      <option value="">{domains.isPending ? "Loading domains…" : "No domain"}</option>
      {domains.data?.map((domain) => (
        <option key={domain.key} value={domain.key}>
          {domain.name}
        </option>
      ))}
      {/* A domain the list does not (yet) hold stays selectable rather than silently lost. */}
      {value && domains.data && !domains.data.some((domain) => domain.key === value) && <option value={value}>{value}</option>}
    </select>
  );
}
