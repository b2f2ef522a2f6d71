import { malformedJson, streamConstraintViolated, truncatedJson } from '../core/errors.js';
import { type JsonNumberText, jsonNumber } from '../core/json-number.js';

/** A number a double cannot hold exactly arrives as a JsonNumberText, keeping its literal. */
export type JsonValue =
  | null
  | boolean
  | number
  | JsonNumberText
  | string
  | JsonValue[]
  | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export interface Location {
  line: number;
  column: number;
}

/** A parsed body plus where each object key and value started, for ES's `[line:col]` error prefixes. */
export interface LocatedJson {
  value: JsonValue;
  keyLocation(object: JsonObject, key: string): Location;
  valueLocation(object: JsonObject, key: string): Location;
}

const START: Location = { line: 1, column: 1 };

/** Jackson's StreamReadConstraints defaults, which ES keeps. */
export const MAX_NESTING_DEPTH = 1000;
const MAX_NUMBER_LENGTH = 1000;
const MAX_NAME_LENGTH = 50_000;

function exceeded(what: string, actual: number, limit: number, getter: string): never {
  throw streamConstraintViolated(
    `${what} (${actual}) exceeds the maximum allowed (${limit}, from \`StreamReadConstraints.${getter}()\`)`,
  );
}

const SIMPLE_ESCAPES = new Map([
  ['"', '"'],
  ['\\', '\\'],
  ['/', '/'],
  ['b', '\b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
]);

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/**
 * A strict JSON parser that remembers token positions, so request validation can report errors
 * in Elasticsearch's `[line:column] [parser] message` form. Malformed input gives ES's 400
 * `x_content_parse_exception`, and so does input beyond Jackson's limits (nesting depth, number and
 * field name length), checked before recursing so hostile nesting never exhausts the stack.
 */
export function parseJsonWithLocations(text: string): LocatedJson {
  const keys = new WeakMap<JsonObject, Map<string, [Location, Location]>>();
  let pos = 0;
  let line = 1;
  let lineStart = 0;
  let depth = 0;

  const here = (): Location => ({ line, column: pos - lineStart + 1 });
  const fail = (message: string): never => {
    const at = here();
    // Jackson reports an unexpected character at the position just after it.
    throw pos >= text.length
      ? truncatedJson(at.line, at.column, message)
      : malformedJson(at.line, at.column + 1, message);
  };
  const skipWhitespace = (): void => {
    while (pos < text.length) {
      const c = text[pos];
      if (c === '\n') {
        line += 1;
        lineStart = pos + 1;
      } else if (c !== ' ' && c !== '\t' && c !== '\r') {
        return;
      }
      pos += 1;
    }
  };
  const describe = (c: string | undefined): string =>
    c === undefined ? 'end-of-input' : `character ('${c}' (code ${c.charCodeAt(0)}))`;

  const parseString = (): string => {
    pos += 1;
    let out = '';
    while (pos < text.length) {
      const c = text[pos] as string;
      if (c === '"') {
        pos += 1;
        return out;
      }
      if (c === '\\') {
        const next = text[pos + 1];
        const simple = next === undefined ? undefined : SIMPLE_ESCAPES.get(next);
        if (simple !== undefined) {
          out += simple;
          pos += 2;
          continue;
        }
        const hex = text.slice(pos + 2, pos + 6);
        if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(hex)) {
          out += String.fromCharCode(Number.parseInt(hex, 16));
          pos += 6;
          continue;
        }
        fail(`Unrecognized character escape ${describe(next)}`);
      }
      if (c < ' ') {
        fail(
          `Illegal unquoted character ((CTRL-CHAR, code ${c.charCodeAt(0)})): has to be escaped using backslash to be included in string value`,
        );
      }
      out += c;
      pos += 1;
    }
    return fail('Unexpected end-of-input: was expecting closing quote for a string value');
  };

  const parseValue = (): JsonValue => {
    skipWhitespace();
    const c = text[pos];
    if (c === '{' || c === '[') {
      depth += 1;
      if (depth > MAX_NESTING_DEPTH) {
        exceeded('Document nesting depth', depth, MAX_NESTING_DEPTH, 'getMaxNestingDepth');
      }
      const container = c === '{' ? parseObject() : parseArray();
      depth -= 1;
      return container;
    }
    if (c === '"') {
      return parseString();
    }
    for (const word of ['true', 'false', 'null'] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return word === 'null' ? null : word === 'true';
      }
    }
    const number = scanNumber();
    if (number !== undefined) {
      pos += number.length;
      return jsonNumber(number);
    }
    return fail(
      c === undefined
        ? 'Unexpected end-of-input: expected a value'
        : `Unrecognized token '${/^[^\s,:{}[\]"]*/.exec(text.slice(pos))?.[0] || c}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`,
    );
  };

  /** The number literal at `pos`, if any: JSON's grammar, measured against Jackson's length limit. */
  const scanNumber = (): string | undefined => {
    let end = pos;
    if (text[end] === '-') {
      end += 1;
    }
    if (text[end] === '0') {
      end += 1;
    } else if (isDigit(text[end])) {
      while (isDigit(text[end])) {
        end += 1;
      }
    } else {
      return undefined;
    }
    if (text[end] === '.' && isDigit(text[end + 1])) {
      end += 1;
      while (isDigit(text[end])) {
        end += 1;
      }
    }
    const exponent = text[end + 1] === '+' || text[end + 1] === '-' ? end + 2 : end + 1;
    if ((text[end] === 'e' || text[end] === 'E') && isDigit(text[exponent])) {
      end = exponent;
      while (isDigit(text[end])) {
        end += 1;
      }
    }
    if (end - pos > MAX_NUMBER_LENGTH) {
      exceeded('Number value length', end - pos, MAX_NUMBER_LENGTH, 'getMaxNumberLength');
    }
    return text.slice(pos, end);
  };

  const parseArray = (): JsonValue[] => {
    pos += 1;
    const array: JsonValue[] = [];
    skipWhitespace();
    if (text[pos] === ']') {
      pos += 1;
      return array;
    }
    for (;;) {
      array.push(parseValue());
      skipWhitespace();
      if (text[pos] === ',') {
        pos += 1;
      } else if (text[pos] === ']') {
        pos += 1;
        return array;
      } else {
        fail(`Unexpected ${describe(text[pos])}: expected close marker for Array`);
      }
    }
  };

  const parseObject = (): JsonObject => {
    pos += 1;
    const object: JsonObject = {};
    const positions = new Map<string, [Location, Location]>();
    keys.set(object, positions);
    skipWhitespace();
    if (text[pos] === '}') {
      pos += 1;
      return object;
    }
    for (;;) {
      skipWhitespace();
      if (text[pos] !== '"') {
        fail(`Unexpected ${describe(text[pos])}: was expecting double-quote to start field name`);
      }
      const keyAt = here();
      const key = parseString();
      if (key.length > MAX_NAME_LENGTH) {
        exceeded('Name length', key.length, MAX_NAME_LENGTH, 'getMaxNameLength');
      }
      skipWhitespace();
      if (text[pos] !== ':') {
        fail(
          `Unexpected ${describe(text[pos])}: was expecting a colon to separate field name and value`,
        );
      }
      pos += 1;
      skipWhitespace();
      const valueAt = here();
      if (positions.has(key)) {
        fail(`Duplicate field '${key}'`);
      }
      // defineProperty keeps `__proto__` an ordinary field, as JSON.parse and Jackson do.
      Object.defineProperty(object, key, {
        value: parseValue(),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      positions.set(key, [keyAt, valueAt]);
      skipWhitespace();
      if (text[pos] === ',') {
        pos += 1;
      } else if (text[pos] === '}') {
        pos += 1;
        return object;
      } else {
        fail(`Unexpected ${describe(text[pos])}: was expecting comma to separate Object entries`);
      }
    }
  };

  const value = parseValue();
  skipWhitespace();
  if (pos < text.length) {
    fail(`Unexpected ${describe(text[pos])}: expected end of input`);
  }
  return {
    value,
    keyLocation: (object, key) => keys.get(object)?.get(key)?.[0] ?? START,
    valueLocation: (object, key) => keys.get(object)?.get(key)?.[1] ?? START,
  };
}
