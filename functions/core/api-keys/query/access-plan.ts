import type { CreationRange, KeyLookup } from '../../ports.js';
import type { Owner } from '../../security/authentication.js';
import type { Query } from './query-dsl.js';
import type { SortSpec } from './sort.js';

/** Up to this many `ids`, the keys are read by id (BatchGetItem) instead of scanning. */
const MAX_IDS_LOOKUP = 100;

/**
 * How a query reads the table: one owner's index partition, named ids, an all-keys index lookup
 * on a required term, the creation index page by page (with a count for `total`), or a scan.
 */
export type AccessPlan =
  | { kind: 'owner'; owner: Owner; creation: CreationRange }
  | { kind: 'ids'; ids: string[] }
  | { kind: 'lookup'; lookup: KeyLookup }
  | { kind: 'creation'; descending: boolean; after?: number }
  | { kind: 'scan' };

/** What of the request besides the query decides whether a page can be read alone. */
export interface PageShape {
  sort: readonly SortSpec[];
  aggregations: boolean;
  /** Parsed `search_after` values, one per sort spec. */
  after: ReadonlyArray<string | number | null> | undefined;
}

/** Clauses every match must satisfy: a bool's must and filter, recursively. */
function requiredClauses(query: Query): Query[] {
  if (query.kind !== 'bool') {
    return [query];
  }
  return [...query.must, ...query.filter].flatMap(requiredClauses);
}

function exactTerm(clauses: readonly Query[], field: string): string | undefined {
  for (const clause of clauses) {
    if (clause.kind === 'term' && clause.field.name === field && !clause.caseInsensitive) {
      return String(clause.value);
    }
  }
  return undefined;
}

function namePrefix(clauses: readonly Query[]): string | undefined {
  for (const clause of clauses) {
    if (clause.kind === 'prefix' && clause.field.name === 'name' && !clause.caseInsensitive) {
      return clause.prefix;
    }
  }
  return undefined;
}

/** The tightest `creation` bounds the required clauses imply, for the owner index's sort key. */
export function creationRange(clauses: readonly Query[]): CreationRange {
  const range: CreationRange = {};
  for (const clause of clauses) {
    if (clause.kind !== 'range' || clause.field.name !== 'creation') {
      continue;
    }
    if (clause.lower) {
      const from = Number(clause.lower.value) + (clause.lower.inclusive ? 0 : 1);
      range.from = Math.max(range.from ?? from, from);
    }
    if (clause.upper) {
      const to = Number(clause.upper.value) - (clause.upper.inclusive ? 0 : 1);
      range.to = Math.min(range.to ?? to, to);
    }
  }
  return range;
}

/**
 * The index lookup a required term allows, the most selective first: an exact name, a username,
 * a name prefix, a realm. Shared by get and invalidate, whose filters are the same terms.
 */
export function termLookup(terms: {
  name?: string | undefined;
  namePrefix?: string | undefined;
  username?: string | undefined;
  realm?: string | undefined;
}): KeyLookup | undefined {
  if (terms.name !== undefined) {
    return { by: 'name', name: terms.name };
  }
  if (terms.username !== undefined) {
    return { by: 'username', username: terms.username };
  }
  if (terms.namePrefix !== undefined) {
    return { by: 'namePrefix', prefix: terms.namePrefix };
  }
  if (terms.realm !== undefined) {
    return { by: 'realm', realm: terms.realm };
  }
  return undefined;
}

/**
 * All keys sorted by creation alone (or unsorted: creation order), with nothing to aggregate:
 * the page is read from the creation index, from its start or from `search_after`.
 */
function creationPage(query: Query, shape: PageShape | undefined): AccessPlan | undefined {
  if (!shape || query.kind !== 'all' || shape.aggregations || shape.sort.length > 1) {
    return undefined;
  }
  const spec = shape.sort[0];
  if (spec && spec.field?.name !== 'creation') {
    return undefined;
  }
  const after = shape.after?.[0];
  if (shape.after !== undefined && (typeof after !== 'number' || !Number.isFinite(after))) {
    return undefined;
  }
  return {
    kind: 'creation',
    descending: spec?.descending ?? false,
    ...(typeof after === 'number' ? { after } : {}),
  };
}

/** Chooses the cheapest read that still sees every key the query can match. */
export function planAccess(
  query: Query,
  ownerFilter: Owner | undefined,
  shape?: PageShape,
): AccessPlan {
  const clauses = requiredClauses(query);
  const principal = exactTerm(clauses, 'username');
  const realm = exactTerm(clauses, 'realm_name');
  const owner =
    ownerFilter ??
    (principal !== undefined && realm !== undefined ? { principal, realm } : undefined);
  if (owner) {
    return { kind: 'owner', owner, creation: creationRange(clauses) };
  }
  let ids: Set<string> | undefined;
  for (const clause of clauses) {
    if (clause.kind === 'ids') {
      ids = ids ? new Set([...ids].filter((id) => clause.ids.has(id))) : new Set(clause.ids);
    }
  }
  if (ids && ids.size <= MAX_IDS_LOOKUP) {
    return { kind: 'ids', ids: [...ids] };
  }
  const lookup = termLookup({
    name: exactTerm(clauses, 'name'),
    namePrefix: namePrefix(clauses),
    username: principal,
    realm,
  });
  if (lookup) {
    return { kind: 'lookup', lookup };
  }
  return creationPage(query, shape) ?? { kind: 'scan' };
}
