/** One step of a compiled wildcard pattern. */
type Token = { kind: 'star' } | { kind: 'one' } | { kind: 'char'; char: string };

export interface WildcardOptions {
  /** `\` makes the next character literal (the query DSL's `wildcard`); off for role patterns. */
  escapes?: boolean;
  caseInsensitive?: boolean;
}

/**
 * Lower-cases code point by code point, as Lucene's case-insensitive automata compare: a
 * character whose lower case is longer (`İ`) is kept, and no context rule (final `ς`) applies.
 */
export function foldCase(text: string): string {
  let out = '';
  for (const char of text) {
    const lower = char.toLowerCase();
    out += [...lower].length === 1 ? lower : char;
  }
  return out;
}

function tokens(pattern: string, options: WildcardOptions): Token[] {
  const out: Token[] = [];
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i += 1) {
    const char = chars[i] as string;
    if (options.escapes && char === '\\' && i + 1 < chars.length) {
      i += 1;
      out.push({ kind: 'char', char: chars[i] as string });
    } else if (char === '*') {
      if (out[out.length - 1]?.kind !== 'star') {
        out.push({ kind: 'star' });
      }
    } else if (char === '?') {
      out.push({ kind: 'one' });
    } else {
      out.push({ kind: 'char', char });
    }
  }
  return out;
}

/**
 * Compiles one of ES's simple wildcard patterns: `*` any run (line breaks included), `?` one
 * character, any other character literal. Greedy matching with one backtrack point keeps a match
 * O(pattern × value) whatever the pattern: no regular expression, so no catastrophic
 * backtracking on hostile input. Compile once when a pattern is matched against many values.
 */
export function compileWildcard(
  pattern: string,
  options: WildcardOptions = {},
): (value: string) => boolean {
  if (pattern === '*') {
    return () => true;
  }
  const fold = (text: string) => (options.caseInsensitive ? foldCase(text) : text);
  const steps = tokens(fold(pattern), options);
  if (!options.caseInsensitive && steps.every((step) => step.kind === 'char')) {
    const literal = steps.map((step) => (step.kind === 'char' ? step.char : '')).join('');
    return (value) => value === literal;
  }
  return (value) => {
    const text = [...fold(value)];
    let p = 0;
    let t = 0;
    let starAt = -1;
    let resumeAt = 0;
    while (t < text.length) {
      const step = steps[p];
      if (step && (step.kind === 'one' || (step.kind === 'char' && step.char === text[t]))) {
        p += 1;
        t += 1;
      } else if (step?.kind === 'star') {
        starAt = p;
        resumeAt = t;
        p += 1;
      } else if (starAt >= 0) {
        p = starAt + 1;
        resumeAt += 1;
        t = resumeAt;
      } else {
        return false;
      }
    }
    while (steps[p]?.kind === 'star') {
      p += 1;
    }
    return p === steps.length;
  };
}

/** Does `pattern` match the whole of `value`? See {@link compileWildcard}. */
export function wildcardMatch(
  pattern: string,
  value: string,
  options: WildcardOptions = {},
): boolean {
  return compileWildcard(pattern, options)(value);
}
