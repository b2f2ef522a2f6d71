import type {
  QueryApiKeysRequest,
  QueryBodyField,
} from '../../core/api-keys/query/api-key-queries.js';
import { type EsError, illegalArgument, xContentParseException } from '../../core/errors.js';
import type { QueryParams } from '../es-handler.js';
import type { JsonObject, JsonValue, LocatedJson } from '../json-with-locations.js';
import { BodyReader } from './body-reader.js';

export const QUERY_API_KEYS_PARAMS = ['with_limited_by', 'with_profile_uid', 'typed_keys'];

const PARSER = 'query_api_key_request_payload';

export interface ParsedQueryApiKeys {
  request: QueryApiKeysRequest;
  /** Locates a parse error inside a body field, as ObjectParser's `failed to parse field`. */
  onParseError: (field: QueryBodyField, error: EsError) => EsError;
}

function integer(reader: BodyReader, root: JsonObject, key: string): number | undefined {
  const value = root[key];
  if (value === undefined) {
    return undefined;
  }
  const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  // A JsonNumberText is a number no int can hold: refused with the same message.
  if (typeof number !== 'number' || !Number.isSafeInteger(number)) {
    throw reader.fieldError(
      root,
      key,
      illegalArgument(`[${key}] must be an integer, got [${String(value)}]`),
    );
  }
  return number;
}

/** `GET|POST /_security/_query/api_key`: an optional body, parsed strictly as ES does. */
export function parseQueryApiKeys(
  body: LocatedJson | undefined,
  query: QueryParams,
): ParsedQueryApiKeys {
  const params = {
    withLimitedBy: query.boolean('with_limited_by', false),
    typedKeys: query.boolean('typed_keys', false),
  };
  query.boolean('with_profile_uid', false);
  if (body === undefined) {
    return { request: params, onParseError: (_field, error) => error };
  }
  const reader = new BodyReader(body, PARSER);
  const root = reader.rootObject([
    'query',
    'from',
    'size',
    'sort',
    'search_after',
    'aggs',
    'aggregations',
  ]);
  if (root['aggs'] !== undefined && root['aggregations'] !== undefined) {
    throw xContentParseException(
      `Failed to build [${PARSER}] after last required field arrived`,
      illegalArgument("Duplicate 'aggs' or 'aggregations' field").toCause(),
    );
  }
  const from = integer(reader, root, 'from');
  const size = integer(reader, root, 'size');
  const sort = root['sort'];
  const rawSearchAfter = root['search_after'];
  // Like ES, a single value stands for a one-element array.
  const searchAfter =
    rawSearchAfter === undefined || Array.isArray(rawSearchAfter)
      ? rawSearchAfter
      : [rawSearchAfter];
  const aggsKey = root['aggs'] !== undefined ? 'aggs' : 'aggregations';
  const aggs = root[aggsKey];
  const request: QueryApiKeysRequest = {
    ...params,
    ...(root['query'] === undefined ? {} : { query: root['query'] }),
    ...(from === undefined ? {} : { from }),
    ...(size === undefined ? {} : { size }),
    ...(sort === undefined ? {} : { sort: Array.isArray(sort) ? sort : [sort as JsonValue] }),
    ...(Array.isArray(searchAfter) ? { searchAfter } : {}),
    ...(aggs === undefined ? {} : { aggs }),
  };
  return {
    request,
    onParseError: (field, error) =>
      reader.fieldError(root, field === 'aggs' ? aggsKey : field, error),
  };
}
