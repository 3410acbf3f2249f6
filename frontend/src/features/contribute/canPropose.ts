import type { DatasetDetail, Me } from "../../api/types";
import { holds } from "../../shared/grants";
import { useSession } from "../auth/session";

const PROPOSE = "metadata:propose";

/**
 * Whether to offer contribution actions on a dataset: `metadata:propose` everywhere, or in the
 * dataset's domain. The server decides (it answers 403 otherwise); this only hides what it
 * would refuse.
 */
export function canPropose(me: Me | null, dataset: Pick<DatasetDetail, "domain">): boolean {
  return holds(me, PROPOSE, dataset.domain?.key);
}

export function useCanPropose(dataset: Pick<DatasetDetail, "domain">): boolean {
  return canPropose(useSession().me, dataset);
}
