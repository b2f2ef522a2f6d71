import { illegalArgument } from '../../errors.js';

/**
 * The common subset of Lucene's RegExp (terms `include`/`exclude`), matched by an NFA in time
 * linear in the value: user patterns such as `(a+)+b` cannot make it backtrack. Supported:
 * literals, `.`, `[a-z]`/`[^...]`, `( )`, `|`, `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, `\`
 * escapes (`\d \s \w` and negations) and `"..."` quoted literals. Lucene's `~ & < > @ #` operators are refused.
 */
type Node =
  | { t: 'char'; test: (c: string) => boolean }
  | { t: 'empty' }
  | { t: 'cat'; parts: Node[] }
  | { t: 'alt'; options: Node[] }
  | { t: 'repeat'; node: Node; min: number; max: number };

const MAX_REPEAT = 1_000;
const MAX_STATES = 2_000;
const MAX_DEPTH = 100;
/** Bound on compile work, which an empty group repeated many times makes without adding states. */
const MAX_COMPILE_STEPS = 50_000;

const CLASS_ESCAPES: Record<string, (code: number) => boolean> = {
  d: (code) => code >= 48 && code <= 57,
  s: (code) => code === 32 || (code >= 9 && code <= 13),
  w: (code) =>
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 95,
};

/** Lucene's `\d \s \w` and their negations `\D \S \W`; undefined for a plain escape. */
function classEscape(letter: string): ((code: number) => boolean) | undefined {
  const test = CLASS_ESCAPES[letter.toLowerCase()];
  if (!test) {
    return undefined;
  }
  return letter === letter.toLowerCase() ? test : (code) => !test(code);
}

class Parser {
  private i = 0;
  private depth = 0;
  private readonly chars: string[];

  constructor(
    private readonly source: string,
    private readonly field: string,
  ) {
    this.chars = [...source];
  }

  private fail(reason: string): never {
    throw illegalArgument(
      `invalid regular expression [${this.source}] for [${this.field}]: ${reason}`,
    );
  }

  parse(): Node {
    const node = this.alternation();
    if (this.i < this.chars.length) {
      this.fail(`unexpected [${this.chars[this.i]}]`);
    }
    return node;
  }

  private peek(): string | undefined {
    return this.chars[this.i];
  }

  private alternation(): Node {
    const options = [this.concatenation()];
    while (this.peek() === '|') {
      this.i += 1;
      options.push(this.concatenation());
    }
    return options.length === 1 ? (options[0] as Node) : { t: 'alt', options };
  }

  private concatenation(): Node {
    const parts: Node[] = [];
    for (let c = this.peek(); c !== undefined && c !== '|' && c !== ')'; c = this.peek()) {
      parts.push(this.repetition());
    }
    return parts.length === 0 ? { t: 'empty' } : { t: 'cat', parts };
  }

  private repetition(): Node {
    let node = this.atom();
    for (;;) {
      const c = this.peek();
      if (c === '*' || c === '+' || c === '?') {
        this.i += 1;
        node = { t: 'repeat', node, min: c === '+' ? 1 : 0, max: c === '?' ? 1 : Infinity };
      } else if (c === '{') {
        this.i += 1;
        const min = this.number();
        let max = min;
        if (this.peek() === ',') {
          this.i += 1;
          max = this.peek() === '}' ? Infinity : this.number();
        }
        if (this.chars[this.i++] !== '}') {
          this.fail('malformed {n,m} repetition');
        }
        if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT) || max < min) {
          this.fail(`repetition bounds must be ordered and at most ${MAX_REPEAT}`);
        }
        node = { t: 'repeat', node, min, max };
      } else {
        return node;
      }
    }
  }

  private number(): number {
    let digits = '';
    while (/^\d$/.test(this.peek() ?? '') && digits.length < 7) {
      digits += this.chars[this.i++];
    }
    if (digits === '') {
      this.fail('malformed {n,m} repetition');
    }
    return Number(digits);
  }

  private atom(): Node {
    const c = this.chars[this.i++] as string;
    switch (c) {
      case '(': {
        this.depth += 1;
        if (this.depth > MAX_DEPTH) {
          this.fail(`groups nest deeper than ${MAX_DEPTH}`);
        }
        const inner = this.alternation();
        if (this.chars[this.i++] !== ')') {
          this.fail('missing )');
        }
        this.depth -= 1;
        return inner;
      }
      case '[':
        return this.charClass();
      case '.':
        return { t: 'char', test: () => true };
      case '"': {
        const parts: Node[] = [];
        while (this.peek() !== undefined && this.peek() !== '"') {
          const literal = this.chars[this.i++] as string;
          parts.push({ t: 'char', test: (x) => x === literal });
        }
        if (this.chars[this.i++] !== '"') {
          this.fail('unterminated "');
        }
        return { t: 'cat', parts };
      }
      case '\\': {
        const literal = this.chars[this.i++];
        if (literal === undefined) {
          this.fail('trailing \\');
        }
        const inClass = classEscape(literal);
        if (inClass) {
          return { t: 'char', test: (x) => inClass(x.codePointAt(0) as number) };
        }
        return { t: 'char', test: (x) => x === literal };
      }
      case '~':
      case '&':
      case '<':
      case '>':
      case '@':
      case '#':
        return this.fail(`operator [${c}] is not supported`);
      case '*':
      case '+':
      case '?':
      case '{':
        return this.fail(`nothing to repeat before [${c}]`);
      default:
        return { t: 'char', test: (x) => x === c };
    }
  }

  private charClass(): Node {
    const negated = this.peek() === '^';
    if (negated) {
      this.i += 1;
    }
    const tests: Array<(code: number) => boolean> = [];
    const member = (): string | ((code: number) => boolean) => {
      const char = this.chars[this.i++];
      if (char === undefined) {
        return this.fail('missing ]');
      }
      if (char !== '\\') {
        return char;
      }
      const escaped = this.chars[this.i++] ?? this.fail('trailing \\');
      return classEscape(escaped) ?? escaped;
    };
    while (this.peek() !== ']') {
      const from = member();
      if (typeof from !== 'string') {
        tests.push(from);
        continue;
      }
      if (
        this.peek() === '-' &&
        this.chars[this.i + 1] !== ']' &&
        this.chars[this.i + 1] !== undefined
      ) {
        this.i += 1;
        const to = member();
        if (typeof to !== 'string') {
          this.fail('a range cannot end with a character class');
        }
        const low = from.codePointAt(0) as number;
        const high = to.codePointAt(0) as number;
        if (high < low) {
          this.fail(`invalid range [${from}-${to}]`);
        }
        tests.push((code) => code >= low && code <= high);
      } else {
        const code = from.codePointAt(0) as number;
        tests.push((x) => x === code);
      }
    }
    this.i += 1;
    return {
      t: 'char',
      test: (x) => {
        const code = x.codePointAt(0) as number;
        return tests.some((test) => test(code)) !== negated;
      },
    };
  }
}

type State =
  | { kind: 'char'; test: (c: string) => boolean; next: number }
  | { kind: 'split'; next: number[] }
  | { kind: 'match' };

/** Thompson construction: states appended to `states`, returns the entry state. */
function compile(node: Node, states: State[], next: number, budget: { steps: number }): number {
  budget.steps += 1;
  if (states.length > MAX_STATES || budget.steps > MAX_COMPILE_STEPS) {
    throw illegalArgument('regular expression is too large');
  }
  switch (node.t) {
    case 'empty':
      return next;
    case 'char':
      states.push({ kind: 'char', test: node.test, next });
      return states.length - 1;
    case 'cat':
      return node.parts.reduceRight((entry, part) => compile(part, states, entry, budget), next);
    case 'alt':
      states.push({
        kind: 'split',
        next: node.options.map((option) => compile(option, states, next, budget)),
      });
      return states.length - 1;
    case 'repeat': {
      let entry = next;
      if (node.max === Infinity) {
        const loop: State = { kind: 'split', next: [] };
        states.push(loop);
        const loopIndex = states.length - 1;
        loop.next = [compile(node.node, states, loopIndex, budget), next];
        entry = loopIndex;
      } else {
        for (let k = node.max; k > node.min; k -= 1) {
          const body = compile(node.node, states, entry, budget);
          states.push({ kind: 'split', next: [body, next] });
          entry = states.length - 1;
        }
      }
      for (let k = 0; k < node.min; k += 1) {
        entry = compile(node.node, states, entry, budget);
      }
      return entry;
    }
  }
}

export interface LuceneRegExp {
  test(value: string): boolean;
}

/** Compiles a terms `include`/`exclude` pattern; a malformed one is a 400, never a 500. */
export function luceneRegExp(source: string, field: string): LuceneRegExp {
  const states: State[] = [{ kind: 'match' }];
  const start = compile(new Parser(source, field).parse(), states, 0, { steps: 0 });
  const closure = (entries: Iterable<number>): Set<number> => {
    const seen = new Set<number>();
    const stack = [...entries];
    while (stack.length > 0) {
      const index = stack.pop() as number;
      if (seen.has(index)) {
        continue;
      }
      seen.add(index);
      const state = states[index] as State;
      if (state.kind === 'split') {
        stack.push(...state.next);
      }
    }
    return seen;
  };
  return {
    test(value) {
      let current = closure([start]);
      for (const c of value) {
        const next: number[] = [];
        for (const index of current) {
          const state = states[index] as State;
          if (state.kind === 'char' && state.test(c)) {
            next.push(state.next);
          }
        }
        if (next.length === 0) {
          return false;
        }
        current = closure(next);
      }
      return current.has(0);
    },
  };
}
