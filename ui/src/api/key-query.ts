/** The table's state, turned into one `_query/api_key` body (the server does search, filters, paging). */
export type StatusFilter = 'all' | 'active' | 'expired' | 'invalidated';
export type SortField = 'name' | 'username' | 'creation' | 'expiration';

export interface KeyTableQuery {
  search: string;
  mineOnly: boolean;
  status: StatusFilter;
  owner: string | undefined;
  sortField: SortField;
  sortDirection: 'asc' | 'desc';
  pageIndex: number;
  pageSize: number;
}

export interface Owner {
  username: string;
  realm: string;
}

/** Longest search text sent to the server: the UI bounds what it asks for. */
export const MAX_SEARCH_LENGTH = 256;
/** Owners listed in the owner filter (a terms aggregation's `size`). */
export const OWNER_BUCKETS = 100;
/** ES's index.max_result_window for from + size. */
export const MAX_RESULT_WINDOW = 10_000;

/** Escapes the wildcard query's metacharacters so the text is matched literally. */
export function escapeWildcard(text: string): string {
  return text.replace(/[\\*?]/g, (char) => `\\${char}`);
}

const ACTIVE = {
  bool: {
    must_not: [{ term: { invalidated: true } }],
    should: [
      { bool: { must_not: [{ exists: { field: 'expiration' } }] } },
      { range: { expiration: { gt: 'now' } } },
    ],
    minimum_should_match: 1,
  },
};
const EXPIRED = {
  bool: {
    must_not: [{ term: { invalidated: true } }],
    filter: [{ range: { expiration: { lte: 'now' } } }],
  },
};
const INVALIDATED = { term: { invalidated: true } };

export function keyQueryBody(query: KeyTableQuery, me: Owner): Record<string, unknown> {
  const filter: unknown[] = [];
  const search = query.search.trim().slice(0, MAX_SEARCH_LENGTH);
  if (search !== '') {
    const pattern = `*${escapeWildcard(search)}*`;
    filter.push({
      bool: {
        should: [
          { wildcard: { name: { value: pattern, case_insensitive: true } } },
          { wildcard: { username: { value: pattern, case_insensitive: true } } },
          { ids: { values: [search] } },
        ],
        minimum_should_match: 1,
      },
    });
  }
  if (query.mineOnly) {
    filter.push({ term: { username: me.username } }, { term: { realm_name: me.realm } });
  }
  if (query.owner !== undefined) {
    filter.push({ term: { username: query.owner } });
  }
  if (query.status === 'active') {
    filter.push(ACTIVE);
  } else if (query.status === 'expired') {
    filter.push(EXPIRED);
  } else if (query.status === 'invalidated') {
    filter.push(INVALIDATED);
  }
  const from = Math.min(query.pageIndex * query.pageSize, MAX_RESULT_WINDOW - query.pageSize);
  return {
    query: filter.length === 0 ? { match_all: {} } : { bool: { filter } },
    from: Math.max(0, from),
    size: query.pageSize,
    sort: [{ [query.sortField]: { order: query.sortDirection } }],
    aggs: {
      usernames: { terms: { field: 'username', size: OWNER_BUCKETS } },
      active: { filter: ACTIVE },
      expired: { filter: EXPIRED },
      invalidated: { filter: INVALIDATED },
    },
  };
}
