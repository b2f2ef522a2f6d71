import { type ErrorCause, EsError, xContentParseException } from '../../core/errors.js';
import { isJsonObject, jsonTokenName } from '../../core/json-token.js';
import type { JsonObject, JsonValue, LocatedJson, Location } from '../json-with-locations.js';

/**
 * Strict reading of a request body in the manner of ES's ObjectParser: unknown fields and wrong
 * types are 400 `x_content_parse_exception` errors prefixed with the token's `[line:column]`.
 */
export class BodyReader {
  constructor(
    private readonly json: LocatedJson,
    private readonly parser: string,
  ) {}

  /** A reader for an object nested in this body that ES parses with its own parser. */
  nested(parser: string): BodyReader {
    return new BodyReader(this.json, parser);
  }

  get root(): JsonValue {
    return this.json.value;
  }

  private at(location: Location): string {
    return `[${location.line}:${location.column}]`;
  }

  /** The top-level object, with only `allowed` fields. */
  rootObject(allowed: readonly string[]): JsonObject {
    const value = this.json.value;
    if (!isJsonObject(value)) {
      throw xContentParseException(
        `[1:1] [${this.parser}] Expected START_OBJECT but was: ${jsonTokenName(value)}`,
      );
    }
    this.onlyFields(value, allowed);
    return value;
  }

  onlyFields(object: JsonObject, allowed: readonly string[]): void {
    for (const key of Object.keys(object)) {
      if (!allowed.includes(key)) {
        throw xContentParseException(
          `${this.at(this.json.keyLocation(object, key))} [${this.parser}] unknown field [${key}]`,
        );
      }
    }
  }

  private unsupported(object: JsonObject, key: string): EsError {
    const value = object[key] as JsonValue;
    return xContentParseException(
      `${this.at(this.json.valueLocation(object, key))} [${this.parser}] ${key} doesn't support values of type: ${jsonTokenName(value)}`,
    );
  }

  /** Wraps an error raised while interpreting a field, as ObjectParser's `failed to parse field`. */
  fieldError(object: JsonObject, key: string, cause: unknown): EsError {
    if (!(cause instanceof EsError)) {
      throw cause;
    }
    const causedBy: ErrorCause = cause.toCause();
    return xContentParseException(
      `${this.at(this.json.valueLocation(object, key))} [${this.parser}] failed to parse field [${key}]`,
      causedBy,
    );
  }

  string(object: JsonObject, key: string): string | undefined {
    const value = object[key];
    if (value === undefined) {
      return undefined;
    }
    if (typeof value !== 'string') {
      throw this.unsupported(object, key);
    }
    return value;
  }

  boolean(object: JsonObject, key: string): boolean | undefined {
    const value = object[key];
    if (value === undefined) {
      return undefined;
    }
    if (typeof value === 'boolean') {
      return value;
    }
    if (value === 'true' || value === 'false') {
      return value === 'true';
    }
    throw this.unsupported(object, key);
  }

  /** A string or an array of strings, as ES's STRING_ARRAY value type accepts. */
  stringArray(object: JsonObject, key: string): string[] | undefined {
    const value = object[key];
    if (value === undefined) {
      return undefined;
    }
    if (typeof value === 'string') {
      return [value];
    }
    if (!Array.isArray(value)) {
      throw this.unsupported(object, key);
    }
    return value.map((item) => {
      if (typeof item !== 'string') {
        throw xContentParseException(
          `${this.at(this.json.valueLocation(object, key))} [${this.parser}] failed to parse field [${key}]`,
        );
      }
      return item;
    });
  }

  object(object: JsonObject, key: string): JsonObject | undefined {
    const value = object[key];
    if (value === undefined) {
      return undefined;
    }
    if (!isJsonObject(value)) {
      throw this.unsupported(object, key);
    }
    return value;
  }
}
