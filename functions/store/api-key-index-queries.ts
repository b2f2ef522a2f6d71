import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CreationOrder, KeyLookup } from '../core/ports.js';
import {
  API_KEY_DOC_TYPE,
  CREATION_INDEX,
  isSortKeyValue,
  NAME_INDEX,
  OWNER_KEY_INDEX,
} from './keys.js';

/** More distinct realms than this and a username lookup scans instead (there are two today). */
export const MAX_REALMS = 64;

const ALL_KEYS = 'doc_type = :doc_type';

function allKeys(table: string, index: string): QueryCommandInput {
  return {
    TableName: table,
    IndexName: index,
    KeyConditionExpression: ALL_KEYS,
    ExpressionAttributeValues: { ':doc_type': API_KEY_DOC_TYPE },
  };
}

/** `doc_type = :doc_type AND <condition on the sort key>`, `name` being a reserved word. */
function sortKeyQuery(
  table: string,
  index: string,
  attribute: 'name' | 'owner_key',
  condition: string,
  values: Record<string, string>,
): QueryCommandInput | undefined {
  if (!Object.values(values).every(isSortKeyValue)) {
    return undefined;
  }
  return {
    TableName: table,
    IndexName: index,
    KeyConditionExpression: `${ALL_KEYS} AND ${condition}`,
    ExpressionAttributeNames: { '#sort_key': attribute },
    ExpressionAttributeValues: { ':doc_type': API_KEY_DOC_TYPE, ...values },
  };
}

/**
 * The string right after every string starting with `prefix` (its last code point plus one), or
 * undefined when there is none. Sort keys compare as UTF-8 bytes, that is by code point.
 */
export function prefixEnd(prefix: string): string | undefined {
  const points = [...prefix];
  while (points.length > 0) {
    const last = (points.pop() as string).codePointAt(0) as number;
    if (last < 0x10ffff) {
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
      return points.join('') + String.fromCodePoint(next);
    }
  }
  return undefined;
}

/**
 * Keys starting with `prefix`, as a range: `BETWEEN prefix AND prefixEnd(prefix)` reads the same
 * entries as `begins_with` (plus a key equal to the end, which callers filter out), and engines
 * that do not seek on `begins_with` (DynamoDB Local) seek on a range.
 */
function prefixQuery(
  table: string,
  index: string,
  attribute: 'name' | 'owner_key',
  prefix: string,
): QueryCommandInput | undefined {
  const end = prefixEnd(prefix);
  return end === undefined
    ? sortKeyQuery(table, index, attribute, '#sort_key >= :from', { ':from': prefix })
    : sortKeyQuery(table, index, attribute, '#sort_key BETWEEN :from AND :to', {
        ':from': prefix,
        ':to': end,
      });
}

/**
 * The index Query that finds every key a lookup could match; undefined when the term cannot be
 * compared with an index key (the caller scans). A username is found per realm (see the store).
 */
export function lookupQuery(
  table: string,
  lookup: Exclude<KeyLookup, { by: 'username' }>,
): QueryCommandInput | undefined {
  switch (lookup.by) {
    case 'all':
      return allKeys(table, NAME_INDEX);
    case 'name':
      return sortKeyQuery(table, NAME_INDEX, 'name', '#sort_key = :value', {
        ':value': lookup.name,
      });
    case 'namePrefix':
      return lookup.prefix === ''
        ? allKeys(table, NAME_INDEX)
        : prefixQuery(table, NAME_INDEX, 'name', lookup.prefix);
    case 'realm':
      return prefixQuery(table, OWNER_KEY_INDEX, 'owner_key', `${lookup.realm}/`);
  }
}

/** The first owner key at or after `from`: the next realm, read as one small index entry. */
export function nextRealmQuery(table: string, from: string): QueryCommandInput {
  const input =
    from === ''
      ? allKeys(table, OWNER_KEY_INDEX)
      : (sortKeyQuery(table, OWNER_KEY_INDEX, 'owner_key', '#sort_key >= :value', {
          ':value': from,
        }) ?? allKeys(table, OWNER_KEY_INDEX));
  return { ...input, Limit: 1, ProjectionExpression: 'owner_key' };
}

/** One page of the creation index in the given order, past `after`. */
export function creationPageQuery(
  table: string,
  order: CreationOrder,
  limit: number,
  startKey: Record<string, unknown> | undefined,
): QueryCommandInput {
  const after =
    order.after === undefined ? '' : ` AND creation_time ${order.descending ? '<' : '>'} :after`;
  return {
    TableName: table,
    IndexName: CREATION_INDEX,
    KeyConditionExpression: `${ALL_KEYS}${after}`,
    ExpressionAttributeValues: {
      ':doc_type': API_KEY_DOC_TYPE,
      ...(order.after === undefined ? {} : { ':after': order.after }),
    },
    ScanIndexForward: !order.descending,
    Limit: limit,
    ...(startKey ? { ExclusiveStartKey: startKey } : {}),
  };
}

/** A page of the count of keys still within their retention at `now` (epoch ms). */
export function retainedCountQuery(
  table: string,
  now: number,
  startKey: Record<string, unknown> | undefined,
): QueryCommandInput {
  return {
    ...allKeys(table, CREATION_INDEX),
    Select: 'COUNT',
    FilterExpression: 'attribute_not_exists(delete_after) OR delete_after > :now',
    ExpressionAttributeValues: { ':doc_type': API_KEY_DOC_TYPE, ':now': now / 1000 },
    ...(startKey ? { ExclusiveStartKey: startKey } : {}),
  };
}

/**
 * DynamoDB's answer for an index that does not exist yet (a table from before it, or a staged
 * upgrade midway) or is still being built: the read falls back to a scan, so no key is missed.
 */
export function isIndexUnavailable(error: unknown): boolean {
  return (
    error instanceof Error &&
    error.name === 'ValidationException' &&
    /specified index|backfilling|index.*(not|does not) exist/i.test(error.message)
  );
}
