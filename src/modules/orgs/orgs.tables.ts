/** Kysely types of the tables the orgs area adds (migration 0002). */

/** Dated count deltas per ancestor: sum(delta) up to a date gives the units of a kind/sector under the ancestor. */
export interface OrgUnitCountDeltasTable {
  ancestor_id: number;
  on_date: string;
  kind: string;
  /** '' when the unit has no sector. */
  sector: string;
  delta: number;
}

/** A unit version's folded place text: its name and its ancestors' names over its interval (migration 0025). */
export interface OrgUnitVersionPlacesTable {
  version_id: number;
  place_folded: string;
  /** Every ancestor had one version through the whole interval: the text is exact on any date of it. */
  exact: boolean;
}
