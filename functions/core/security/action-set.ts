import { wildcardMatch } from './wildcard.js';

/**
 * A set of action names as ES builds one for a privilege: the actions matching any `include`
 * pattern minus those matching any `exclude` pattern. Patterns use ES's `*` and `?` wildcards.
 */
export interface ActionSet {
  include: readonly string[];
  exclude: readonly string[];
}

function literalPrefix(pattern: string): string {
  const star = pattern.indexOf('*');
  const one = pattern.indexOf('?');
  const first = star === -1 ? one : one === -1 ? star : Math.min(star, one);
  return first === -1 ? pattern : pattern.slice(0, first);
}

function isLiteral(pattern: string): boolean {
  return literalPrefix(pattern) === pattern;
}

/** `prefix*` patterns (one trailing `*`, no other wildcard) have the prefix; others do not. */
function prefixOf(pattern: string): string | undefined {
  const prefix = pattern.slice(0, -1);
  return pattern.endsWith('*') && isLiteral(prefix) ? prefix : undefined;
}

/**
 * Whether every action `inner` matches is matched by `outer`. Exact for literals and `prefix*`
 * patterns; for other wildcard shapes it answers false unless it can prove the subset, so a
 * privilege is never reported held on a guess.
 */
export function covers(outer: string, inner: string): boolean {
  if (outer === inner) {
    return true;
  }
  if (isLiteral(inner)) {
    return wildcardMatch(outer, inner);
  }
  const outerPrefix = prefixOf(outer);
  return outerPrefix !== undefined && literalPrefix(inner).startsWith(outerPrefix);
}

/**
 * Whether some action matches both patterns. Never false when they may share an action, so an
 * exclusion is applied whenever it might matter.
 */
function overlaps(a: string, b: string): boolean {
  if (isLiteral(a)) {
    return wildcardMatch(b, a);
  }
  if (isLiteral(b)) {
    return wildcardMatch(a, b);
  }
  const pa = literalPrefix(a);
  const pb = literalPrefix(b);
  return pa.startsWith(pb) || pb.startsWith(pa);
}

/**
 * A superset of `a ∩ b` for overlapping patterns: the narrower pattern when one covers the other,
 * else `b` (the excluded pattern in our callers), which keeps the subset test sound.
 */
function intersection(a: string, b: string): string {
  return covers(b, a) ? a : b;
}

/** Whether the held sets together contain every action of `pattern` outside `excluded`. */
function patternHeld(
  pattern: string,
  excluded: readonly string[],
  held: readonly ActionSet[],
): boolean {
  if (excluded.some((outer) => covers(outer, pattern))) {
    return true;
  }
  return held.some(
    (set, index) =>
      set.include.some((outer) => covers(outer, pattern)) &&
      set.exclude
        .filter((hole) => overlaps(hole, pattern))
        .every((hole) =>
          // The hole this set leaves in `pattern` must be excluded from the request or filled
          // by another held set, as ES's union automaton would.
          patternHeld(
            intersection(pattern, hole),
            excluded,
            held.filter((_, other) => other !== index),
          ),
        ),
  );
}

/**
 * ES's privilege implication: the requested set is held when its actions are a subset of the
 * union of the held sets (`Operations.subsetOf` on the automata). The requested set's own
 * exclusions count: `manage` (all cluster actions but security) implies `manage`.
 */
export function actionSetsImply(held: readonly ActionSet[], requested: ActionSet): boolean {
  return requested.include.every((pattern) => patternHeld(pattern, requested.exclude, held));
}

/** Whether one action (a literal name) is in the union of the sets. */
export function actionSetsContain(held: readonly ActionSet[], action: string): boolean {
  return actionSetsImply(held, { include: [action], exclude: [] });
}
