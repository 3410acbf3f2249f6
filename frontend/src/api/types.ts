/**
 * Readable names for the generated OpenAPI schemas. Never write these shapes by hand:
 * `npm run gen:api` regenerates schema.d.ts from openapi.json.
 */
import type { components, paths } from "./schema";

type Schemas = components["schemas"];

export type Problem = Schemas["Problem"];
export type Me = Schemas["Me"];
export type Credentials = Schemas["Credentials"];
export type DatasetPage = Schemas["DatasetPage"];
export type DatasetSummary = Schemas["DatasetSummary"];
export type DatasetDetail = Schemas["DatasetDetail"];
export type DatasetKind = DatasetSummary["kind"];
export type Column = Schemas["Column"];
export type AppliedTag = Schemas["AppliedTag"];
export type TagRef = Schemas["TagRef"];
export type Tag = Schemas["Tag"];
export type Domain = Schemas["Domain"];
export type Source = Schemas["Source"];
export type Provenance = Schemas["Provenance"];

export type DatasetListQuery = NonNullable<
  paths["/api/v1/datasets"]["get"]["parameters"]["query"]
>;
export type DatasetSort = NonNullable<DatasetListQuery["sort"]>;

export const DATASET_KINDS: readonly DatasetKind[] = ["table", "view", "file", "topic", "model"];
