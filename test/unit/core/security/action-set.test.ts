import { describe, expect, it } from 'vitest';
import {
  type ActionSet,
  actionSetsContain,
  actionSetsImply,
  covers,
} from '../../../../functions/core/security/action-set.js';

const set = (include: string[], exclude: string[] = []): ActionSet => ({ include, exclude });

describe('covers: does one action pattern contain another', () => {
  it.each([
    ['x/a?c', 'x/a?c', true], // equal patterns, whatever their wildcards
    ['x/?', 'x/a', true], // a literal action matched by a wildcard
    ['x/*', 'x/a?b*', true], // a prefix covers any pattern under it
    ['x/a*', 'x/ab*', true],
    ['x/ab*', 'x/a*', false],
    ['x?', 'x*', false], // `*` in the inner pattern is never read as a literal character
    ['ab', 'a*', false], // a literal covers no prefix pattern
    ['x/a?c', 'x/a*c', false], // unprovable shapes answer false
  ])('covers(%s, %s) is %s', (outer, inner, expected) => {
    expect(covers(outer, inner)).toBe(expected);
  });
});

describe('actionSetsImply: ES subset test over held sets', () => {
  it('applies an exclusion that shares actions with the requested pattern', () => {
    // `xy` is in `xy*` and excluded by `x?`.
    expect(actionSetsImply([set(['x*'], ['x?'])], set(['xy*']))).toBe(false);
    // `x/acb` is in `x/ac*` and excluded by `x/a?b*`.
    expect(actionSetsImply([set(['x/*'], ['x/a?b*'])], set(['x/ac*']))).toBe(false);
  });

  it('ignores an exclusion that shares no action with the requested pattern', () => {
    expect(actionSetsContain([set(['x/*'], ['x/?'])], 'x/ab')).toBe(true);
    expect(actionSetsImply([set(['x/*'], ['x/abc'])], set(['x/a?']))).toBe(true);
    expect(actionSetsContain([set(['x/*'], ['x/?'])], 'x/a')).toBe(false);
  });

  it('lets another held set fill the hole an exclusion leaves', () => {
    const held = [set(['x/*'], ['x/secret/*']), set(['x/secret/*'])];

    expect(actionSetsImply(held, set(['x/*']))).toBe(true);
    expect(actionSetsImply([held[0] ?? set([])], set(['x/*']))).toBe(false);
  });

  it('counts the requested set`s own exclusions', () => {
    const manage = set(['x/*'], ['x/secret/*']);

    expect(actionSetsImply([manage], manage)).toBe(true);
    expect(actionSetsImply([manage], set(['x/*'], ['x/secret/a*']))).toBe(false);
  });

  it('holds an empty requested set, and nothing from no held sets', () => {
    expect(actionSetsImply([], set([]))).toBe(true);
    expect(actionSetsImply([], set(['x/a']))).toBe(false);
  });
});
