import { EsError, illegalArgument } from '../../errors.js';
import { isJsonObject } from '../../json-token.js';
import { expandFieldPattern, type QueryField } from './fields.js';
import {
  parsingException,
  type Query,
  type QueryContext,
  resolveMinimumShouldMatch,
  termQuery,
} from './query-dsl.js';

type Operator = 'and' | 'or';

/**
 * Lucene's default `maxClauseCount`: a query string may make at most this many term clauses
 * (over all its fields) and open this many groups, which bounds the depth of the query it builds.
 */
export const MAX_CLAUSE_COUNT = 1024;

function tooManyClauses(): EsError {
  return illegalArgument(
    `Query contains too many nested clauses; maxClauseCount is set to ${MAX_CLAUSE_COUNT}`,
  );
}

const OPTIONS = [
  'query',
  'fields',
  'default_operator',
  'analyzer',
  'quote_analyzer',
  'flags',
  'lenient',
  'analyze_wildcard',
  'minimum_should_match',
  'quote_field_suffix',
  'auto_generate_synonyms_phrase_query',
  'fuzzy_prefix_length',
  'fuzzy_max_expansions',
  'fuzzy_transpositions',
  'boost',
  '_name',
];

const or = (should: Query[]): Query => ({
  kind: 'bool',
  must: [],
  filter: [],
  should,
  mustNot: [],
  minimumShouldMatch: 1,
});
const and = (must: Query[]): Query => ({
  kind: 'bool',
  must,
  filter: [],
  should: [],
  mustNot: [],
  minimumShouldMatch: 0,
});
const not = (query: Query): Query => ({
  kind: 'bool',
  must: [{ kind: 'all' }],
  filter: [],
  should: [],
  mustNot: [query],
  minimumShouldMatch: 0,
});

/**
 * Lucene's SimpleQueryParser over API key fields (all keyword, date or boolean, so each token is
 * one exact term): whitespace joins with the default operator, `+` AND, `|` OR, `-` NOT,
 * `"..."` one exact term, `*` suffix a prefix, `( )` grouping, `\` escapes.
 */
class SimpleQueryParser {
  private index = 0;
  private groups = 0;
  private clauses = 0;

  constructor(
    private readonly text: string,
    private readonly fields: readonly QueryField[],
    private readonly defaultOperator: Operator,
    private readonly lenient: boolean,
    private readonly context: QueryContext,
  ) {}

  parse(): Query {
    return this.subQuery() ?? { kind: 'none' };
  }

  private subQuery(): Query | undefined {
    let top: Query | undefined;
    let operator: Operator | undefined;
    let negations = 0;
    const add = (branch: Query | undefined) => {
      if (branch !== undefined) {
        const negated = negations % 2 === 1 ? not(branch) : branch;
        top =
          top === undefined
            ? negated
            : this.combine(top, negated, operator ?? this.defaultOperator);
      }
      operator = undefined;
      negations = 0;
    };
    while (this.index < this.text.length) {
      const char = this.text[this.index] as string;
      if (char === '(') {
        this.index += 1;
        this.groups += 1;
        if (this.groups > MAX_CLAUSE_COUNT) {
          throw tooManyClauses();
        }
        add(this.subQuery());
      } else if (char === ')') {
        this.index += 1;
        break;
      } else if (char === '"') {
        add(this.phrase());
      } else if (char === '+') {
        this.index += 1;
        if (operator === undefined && top !== undefined) {
          operator = 'and';
        }
      } else if (char === '|') {
        this.index += 1;
        if (operator === undefined && top !== undefined) {
          operator = 'or';
        }
      } else if (char === '-') {
        this.index += 1;
        negations += 1;
      } else if (/\s/.test(char)) {
        this.index += 1;
      } else {
        add(this.token());
      }
    }
    return top;
  }

  private combine(top: Query, branch: Query, operator: Operator): Query {
    if (operator === 'and') {
      return top.kind === 'bool' && top.should.length === 0 && top.mustNot.length === 0
        ? and([...top.must, branch])
        : and([top, branch]);
    }
    return top.kind === 'bool' && top.must.length === 0 && top.should.length > 0
      ? or([...top.should, branch])
      : or([top, branch]);
  }

  private phrase(): Query | undefined {
    this.index += 1;
    let value = '';
    while (this.index < this.text.length && this.text[this.index] !== '"') {
      if (this.text[this.index] === '\\' && this.index + 1 < this.text.length) {
        this.index += 1;
      }
      value += this.text[this.index];
      this.index += 1;
    }
    this.index += 1;
    this.skipSlop();
    return this.terms(value, false);
  }

  private token(): Query | undefined {
    let value = '';
    let escapedLast = false;
    while (this.index < this.text.length) {
      const char = this.text[this.index] as string;
      if (char === '\\' && this.index + 1 < this.text.length) {
        value += this.text[this.index + 1];
        this.index += 2;
        escapedLast = true;
        continue;
      }
      if ('"|+()'.includes(char) || /\s/.test(char)) {
        break;
      }
      if (char === '~' && value.length > 0) {
        this.index += 1;
        this.skipSlop();
        break;
      }
      value += char;
      this.index += 1;
      escapedLast = false;
    }
    const prefix = value.endsWith('*') && !escapedLast;
    return this.terms(prefix ? value.slice(0, -1) : value, prefix);
  }

  private skipSlop(): void {
    while (this.index < this.text.length && /\d/.test(this.text[this.index] as string)) {
      this.index += 1;
    }
  }

  /** One token over every field; a field whose type cannot read the token is skipped when lenient. */
  private terms(value: string, prefix: boolean): Query | undefined {
    const should: Query[] = [];
    for (const field of this.fields) {
      if (prefix) {
        if (field.type === 'keyword') {
          should.push({ kind: 'prefix', field, prefix: value, caseInsensitive: false });
        } else if (!this.lenient) {
          throw illegalArgument(
            `Can only use prefix queries on keyword, text and wildcard fields - not on [${field.indexName}] which is of type [${field.type}]`,
          );
        }
        continue;
      }
      try {
        should.push(termQuery(field, value, this.context));
      } catch (error) {
        if (!(this.lenient && error instanceof EsError)) {
          throw error;
        }
      }
    }
    if (should.length === 0) {
      return undefined;
    }
    this.clauses += should.length;
    if (this.clauses > MAX_CLAUSE_COUNT) {
      throw tooManyClauses();
    }
    return should.length === 1 ? should[0] : or(should);
  }
}

/** `simple_query_string`; without `fields` it searches every allowed field, leniently. */
export function parseSimpleQueryString(
  body: Record<string, unknown>,
  context: QueryContext,
): Query {
  for (const key of Object.keys(body)) {
    if (!OPTIONS.includes(key)) {
      throw parsingException(`[simple_query_string] unsupported field [${key}]`);
    }
  }
  const text = body['query'];
  if (typeof text !== 'string') {
    throw parsingException('[simple_query_string] query text missing');
  }
  const rawFields = body['fields'];
  if (
    rawFields !== undefined &&
    (!Array.isArray(rawFields) || rawFields.some((field) => typeof field !== 'string'))
  ) {
    throw parsingException('[simple_query_string] query does not support [fields]');
  }
  const patterns = (rawFields as string[] | undefined)?.map(
    (field) => field.split('^')[0] as string,
  );
  const all = patterns === undefined || patterns.length === 0 || patterns.includes('*');
  const fields = new Map<string, QueryField>();
  for (const pattern of all ? ['*'] : (patterns as string[])) {
    for (const field of expandFieldPattern(pattern)) {
      fields.set(field.name, field);
    }
  }
  if (fields.size === 0) {
    return { kind: 'none' };
  }
  const operator = String(body['default_operator'] ?? 'or').toLowerCase();
  if (operator !== 'or' && operator !== 'and') {
    throw illegalArgument(`Unknown operator [${String(body['default_operator'])}]`);
  }
  const lenient = all || body['lenient'] === true || body['lenient'] === 'true';
  if (isJsonObject(body['flags'])) {
    throw parsingException('[simple_query_string] query does not support [flags]');
  }
  const query = new SimpleQueryParser(
    text,
    [...fields.values()],
    operator,
    lenient,
    context,
  ).parse();
  const minimum = body['minimum_should_match'];
  if (minimum === undefined || minimum === null) {
    return query;
  }
  // Applies to the top-level optional clauses, as in ES; a single term counts as one.
  if (query.kind === 'bool' && query.should.length > 0 && query.must.length === 0) {
    return {
      ...query,
      minimumShouldMatch: Math.max(1, resolveMinimumShouldMatch(minimum, query.should.length)),
    };
  }
  return resolveMinimumShouldMatch(minimum, 1) > 1 ? { kind: 'none' } : query;
}
