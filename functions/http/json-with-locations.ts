import { malformedJson, truncatedJson } from '../core/errors.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
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

/**
 * A strict JSON parser that remembers token positions, so request validation can report errors
 * in Elasticsearch's `[line:column] [parser] message` form. Malformed input gives ES's 400
 * `x_content_parse_exception`.
 */
export function parseJsonWithLocations(text: string): LocatedJson {
  const keys = new WeakMap<JsonObject, Map<string, [Location, Location]>>();
  let pos = 0;
  let line = 1;
  let lineStart = 0;

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
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        if (next !== undefined && simple[next] !== undefined) {
          out += simple[next];
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
    if (c === '{') {
      return parseObject();
    }
    if (c === '[') {
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
    }
    if (c === '"') {
      return parseString();
    }
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      text.slice(pos, pos + 400),
    );
    if (literal) {
      pos += literal[0].length;
      const word = literal[0];
      if (word === 'true' || word === 'false') {
        return word === 'true';
      }
      return word === 'null' ? null : Number(word);
    }
    return fail(
      c === undefined
        ? 'Unexpected end-of-input: expected a value'
        : `Unrecognized token '${/^[^\s,:{}[\]"]*/.exec(text.slice(pos))?.[0] || c}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`,
    );
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
