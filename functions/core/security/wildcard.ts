/** Compiles ES's simple wildcard patterns (`*` any run, `?` one character); other characters are literal. */
export function wildcardToRegExp(pattern: string): RegExp {
  let source = '';
  for (const char of pattern) {
    if (char === '*') {
      source += '.*';
    } else if (char === '?') {
      source += '.';
    } else {
      source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, 's');
}

const compiled = new Map<string, RegExp>();

/** Does `pattern` (with `*`/`?` wildcards) match the whole of `value`? */
export function wildcardMatch(pattern: string, value: string): boolean {
  if (pattern === '*') {
    return true;
  }
  if (!pattern.includes('*') && !pattern.includes('?')) {
    return pattern === value;
  }
  let regExp = compiled.get(pattern);
  if (!regExp) {
    regExp = wildcardToRegExp(pattern);
    if (compiled.size > 10_000) {
      compiled.clear();
    }
    compiled.set(pattern, regExp);
  }
  return regExp.test(value);
}
