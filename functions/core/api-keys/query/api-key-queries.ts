import type { Clock } from '../../clock.js';
import { EsError, illegalArgument, validationFailed } from '../../errors.js';
import type { ApiKeyStore } from '../../ports.js';
import { type Authentication, type Owner, ownerOf } from '../../security/authentication.js';
import { Action } from '../../security/privilege-names.js';
import { requireAction, requireLimitedByAccess } from '../../security/privileges.js';
import { type ApiKeyRecord, isOwnedBy, toApiKeyInfo } from '../api-key.js';
import { type AccessPlan, planAccess } from './access-plan.js';
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
      : planAccess(query, ownerFilter, {
          sort,
          aggregations: aggregations.length > 0,
          after,
        });
    const top = new TopKeys(sort, from + size);
    const aggregationRun = new AggregationRun(aggregations);
    let total = 0;
    if (plan.kind === 'creation') {
      for await (const key of this.creationPage(plan, from + size)) {
        top.offer(withSortKeys(sort, key));
      }
      total = await this.store.count();
    }
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

  /**
   * The first `window` keys in creation order, and every key tied with the last of them (ties are
   * ordered by id afterwards, so all of them must be seen).
   */
  private async *creationPage(
    plan: Extract<AccessPlan, { kind: 'creation' }>,
    window: number,
  ): AsyncIterable<ApiKeyRecord> {
    if (window === 0) {
      return;
    }
    let taken = 0;
    let last: number | undefined;
    for await (const key of this.store.byCreation({
      descending: plan.descending,
      ...(plan.after === undefined ? {} : { after: plan.after }),
      expected: window,
    })) {
      if (last !== undefined && key.creation_time !== last) {
        return;
      }
      yield key;
      taken += 1;
      if (taken >= window) {
        last = key.creation_time;
      }
    }
  }

  private async *read(plan: AccessPlan): AsyncIterable<ApiKeyRecord> {
    switch (plan.kind) {
      case 'creation':
        return;
      case 'lookup':
        yield* this.store.lookup(plan.lookup);
        return;
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
