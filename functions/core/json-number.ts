/**
 * A JSON number that a JavaScript number cannot hold exactly (an integer beyond ±2^53, or a
 * literal that overflows a double such as `1e400`). It keeps the literal's text, so metadata
 * round-trips as Elasticsearch returns it.
 */
export class JsonNumberText {
  constructor(readonly text: string) {}

  /** The nearest double, for comparisons and ranges. */
  valueOf(): number {
    return Number(this.text);
  }

  toString(): string {
    return this.text;
  }
}

const INTEGER_LITERAL = /^-?\d+$/;

/**
 * The value for a JSON number literal: a plain number when the double holds it exactly, a
 * JsonNumberText otherwise.
 */
export function jsonNumber(text: string): number | JsonNumberText {
  const value = Number(text);
  if (!Number.isFinite(value)) {
    return new JsonNumberText(text);
  }
  if (INTEGER_LITERAL.test(text) && !Number.isSafeInteger(value)) {
    return new JsonNumberText(text);
  }
  return value;
}
