import type { DatasetDetail, Me } from "../../api/types";
import { useSession } from "../auth/session";

const PROPOSE = "metadata:propose";

/**
 * Whether to offer contribution actions on a dataset: `metadata:propose` everywhere, or in the
 * dataset's domain. The server decides (it answers 403 otherwise); this only hides what it
 * would refuse.
 */
export function canPropose(me: Me | null, dataset: Pick<DatasetDetail, "domain">): boolean {
  if (!me) return false;
  if (me.permissions.includes(PROPOSE)) return true;
  const key = dataset.domain?.key;
  return Boolean(key && me.domain_permissions?.[key]?.includes(PROPOSE));
}

export function useCanPropose(dataset: Pick<DatasetDetail, "domain">): boolean {
  return canPropose(useSession().me, dataset);
}
