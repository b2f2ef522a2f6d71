import type { Clock } from '../../clock.js';
import { EsError, illegalArgument, validationFailed } from '../../errors.js';
import type { ApiKeyStore, CreationRange } from '../../ports.js';
import { type Authentication, type Owner, ownerOf } from '../../security/authentication.js';
import { Action } from '../../security/privilege-names.js';
import { requireAction, requireLimitedByAccess } from '../../security/privileges.js';
import { type ApiKeyRecord, isOwnedBy, toApiKeyInfo } from '../api-key.js';
import { AggregationRun, type AggregationSpec, parseAggregations } from './aggregations.js';
import { NESTED_DEPTH_REASON, parseQuery, type Query, type QueryContext } from './query-dsl.js';
import { matches } from './query-matcher.js';
import {
  compareSorted,
  compareSortKeys,
  parseSearchAfter,
  parseSortElement,
  type SortedKey,
  type SortSpec,
  sortValuesJson,
  withSortKeys,
} from './sort.js';

/** Index setting `max_result_window` of ES's security index. */
export const MAX_RESULT_WINDOW = 10_000;
/** Up to this many `ids`, the keys are read by id (BatchGetItem) instead of scanning. */
const MAX_IDS_LOOKUP = 100;

/** The body parts of a query request, as JSON, plus its query parameters. */
export interface QueryApiKeysRequest {
  query?: unknown;
  from?: number;
  size?: number;
  sort?: unknown[];
  searchAfter?: unknown[];
  aggs?: unknown;
  withLimitedBy: boolean;
  typedKeys: boolean;
}

/** Which body field a parse error came from, so the HTTP layer can locate it. */
export type QueryBodyField = 'query' | 'sort' | 'search_after' | 'aggs';

export interface QueryApiKeysResponse {
  total: number;
  count: number;
  api_keys: Array<Record<string, unknown>>;
  aggregations?: Record<string, unknown>;
}

/** How a query reads the table: one owner's index partition, named ids, or a full scan. */
export type AccessPlan =
  | { kind: 'owner'; owner: Owner; creation: CreationRange }
  | { kind: 'ids'; ids: string[] }
  | { kind: 'scan' };

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

/** Chooses the cheapest read that still sees every key the query can match. */
export function planAccess(query: Query, ownerFilter: Owner | undefined): AccessPlan {
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
  return { kind: 'scan' };
}

/** Keeps the best `limit` keys seen so far without holding every match in memory. */
class TopKeys {
  private items: SortedKey[] = [];

  constructor(
    private readonly specs: readonly SortSpec[],
    private readonly limit: number,
  ) {}

  offer(item: SortedKey): void {
    if (this.limit === 0) {
      return;
    }
    this.items.push(item);
    if (this.items.length >= this.limit * 2 + 64) {
      this.compact();
    }
  }

  private compact(): void {
    this.items.sort((a, b) => compareSorted(this.specs, a, b));
    this.items.length = Math.min(this.items.length, this.limit);
  }

  sorted(): SortedKey[] {
    this.compact();
    return this.items;
  }
}

/** ES's query API key API over the key store: DSL, sort, paging, aggregations, ownership. */
export class ApiKeyQueries {
  constructor(
    private readonly store: ApiKeyStore,
    private readonly clock: Clock,
  ) {}

  async query(
    authentication: Authentication,
    request: QueryApiKeysRequest,
    onParseError: (field: QueryBodyField, error: EsError) => EsError = (_field, error) => error,
  ): Promise<QueryApiKeysResponse> {
    const now = this.clock();
    const context: QueryContext = { now };
    const parse = <T>(field: QueryBodyField, run: () => T): T => {
      try {
        return run();
      } catch (error) {
        const parseError =
          error instanceof EsError &&
          (error.type === 'parsing_exception' ||
            error.reason === 'mal-formatted sort object' ||
            error.reason === NESTED_DEPTH_REASON);
        throw parseError ? onParseError(field, error) : error;
      }
    };
    const query: Query =
      request.query === undefined
        ? { kind: 'all' }
        : parse('query', () => parseQuery(request.query, context));
    const sort: SortSpec[] = parse('sort', () =>
      (request.sort ?? []).map((element) => parseSortElement(element, now)),
    );
    const aggregations: AggregationSpec[] =
      request.aggs === undefined
        ? []
        : parse('aggs', () => parseAggregations(request.aggs, context));
    this.validatePaging(request);
    const ownerFilter = this.authorize(authentication, request.withLimitedBy);
    const after =
      request.searchAfter === undefined
        ? undefined
        : parseSearchAfter(sort, request.searchAfter, now);
    const from = request.from ?? 0;
    const size = request.size ?? 10;
    const selfOnly =
      ownerFilter && authentication.type === 'api_key' ? authentication.apiKey.id : undefined;
    const plan: AccessPlan = selfOnly
      ? { kind: 'ids', ids: [selfOnly] }
      : planAccess(query, ownerFilter);
    const top = new TopKeys(sort, from + size);
    const aggregationRun = new AggregationRun(aggregations);
    let total = 0;
    for await (const key of this.read(plan)) {
      if (
        key.doc_type !== 'api_key' ||
        (ownerFilter && !isOwnedBy(key, ownerFilter)) ||
        !matches(query, key)
      ) {
        continue;
      }
      total += 1;
      aggregationRun.collect(key);
      const sorted = withSortKeys(sort, key);
      if (!after || compareSortKeys(sort, sorted.sortKeys, after) > 0) {
        top.offer(sorted);
      }
    }
    const hits = top.sorted().slice(from, from + size);
    const response: QueryApiKeysResponse = {
      total,
      count: hits.length,
      api_keys: hits.map(({ key, sortKeys }) => ({
        ...toApiKeyInfo(key, request.withLimitedBy),
        ...(sort.length > 0 ? { _sort: sortValuesJson(sort, sortKeys) } : {}),
      })),
    };
    if (aggregations.length > 0) {
      response.aggregations = aggregationRun.render(request.typedKeys);
    }
    return response;
  }

  private validatePaging(request: QueryApiKeysRequest): void {
    const errors: string[] = [];
    if (request.from !== undefined && request.from < 0) {
      errors.push(`[from] parameter cannot be negative but was [${request.from}]`);
    }
    if (request.size !== undefined && request.size < 0) {
      errors.push(`[size] parameter cannot be negative but was [${request.size}]`);
    }
    if (request.searchAfter !== undefined && (request.from ?? 0) > 0) {
      errors.push('`from` parameter must be set to 0 when `search_after` is used');
    }
    if (errors.length > 0) {
      throw validationFailed(errors);
    }
    const window = (request.from ?? 0) + (request.size ?? 10);
    if (window > MAX_RESULT_WINDOW) {
      throw illegalArgument(
        `Result window is too large, from + size must be less than or equal to: [${MAX_RESULT_WINDOW}] but was [${window}]. See the scroll api for a more efficient way to request large data sets. This limit can be set by changing the [index.max_result_window] index level setting.`,
      );
    }
  }

  /** Returns the owner every key must belong to, when the caller holds only manage_own_api_key. */
  private authorize(authentication: Authentication, withLimitedBy: boolean): Owner | undefined {
    const ownApplies = authentication.type === 'realm' || !withLimitedBy;
    const scope = requireAction(authentication, Action.queryApiKey, ownApplies);
    if (withLimitedBy) {
      requireLimitedByAccess(authentication, Action.queryApiKey);
    }
    return scope === 'own' ? ownerOf(authentication) : undefined;
  }

  private async *read(plan: AccessPlan): AsyncIterable<ApiKeyRecord> {
    switch (plan.kind) {
      case 'owner':
        yield* this.store.findByOwner(plan.owner, plan.creation);
        return;
      case 'ids':
        yield* await this.store.getMany(plan.ids);
        return;
      case 'scan':
        yield* this.store.scan();
    }
  }
}
