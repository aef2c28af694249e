// EventBridge event patterns, matched as EventBridge rules and Lambda event filters match them (pure, no I/O).
import type { EventPattern } from '../../shared/event-routing';

export type { EventPattern };

/**
 * Thrown for a pattern AWS would refuse, or one using an operator this matcher does not implement
 * (`cidr`, `wildcard`), so a declaration the stand-ins cannot honour fails at start, not silently.
 */
export class InvalidEventPatternError extends Error {
  readonly code = 'local.invalidEventPattern';
  constructor(
    reason: string,
    readonly path: string,
  ) {
    super(`Invalid event pattern at ${path || '(root)'}: ${reason}`);
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: unknown };

const numericOperators = new Set(['<', '<=', '=', '>', '>=']);

/** True when the event (any JSON value, usually an object) matches the pattern. */
export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  return matchObject(pattern, isObject(event) ? event : {});
}

/** True when the event matches any of the patterns, as Lambda applies a list of filters. */
export function matchesAnyEventPattern(patterns: readonly EventPattern[], event: unknown): boolean {
  return patterns.some((pattern) => matchesEventPattern(pattern, event));
}

function matchObject(pattern: EventPattern, event: JsonObject): boolean {
  for (const [key, expected] of Object.entries(pattern)) {
    if (key === '$or') {
      const branches = expected as readonly EventPattern[];
      if (!branches.some((branch) => matchObject(branch, event))) return false;
      continue;
    }
    const present = Object.hasOwn(event, key);
    const actual = present ? event[key] : undefined;
    if (Array.isArray(expected)) {
      if (!matchLeaf(expected, present ? leafValues(actual) : [])) return false;
      continue;
    }
    const nested = expected as EventPattern;
    // An array of objects matches when one of its elements does; a missing or non-object field is
    // an object with no fields, so that only `exists: false` can match below it.
    const candidates = Array.isArray(actual) ? actual.filter(isObject) : isObject(actual) ? [actual] : [];
    if (candidates.length === 0) candidates.push({});
    if (!candidates.some((candidate) => matchObject(nested, candidate))) return false;
  }
  return true;
}

/** The leaf values of a field: an array's scalar elements, flattened; an object is no leaf at all. */
function leafValues(value: unknown): Json[] {
  if (Array.isArray(value)) return value.flatMap(leafValues);
  if (isObject(value) || value === undefined) return [];
  return [value as Json];
}

function matchLeaf(matchers: readonly unknown[], values: Json[]): boolean {
  return matchers.some((matcher) => matchOne(matcher, values));
}

function matchOne(matcher: unknown, values: Json[]): boolean {
  if (!isObject(matcher)) return values.some((value) => equalsExactly(matcher, value));
  const [operator, argument] = Object.entries(matcher)[0] ?? [];
  switch (operator) {
    case 'exists':
      return argument === values.length > 0;
    case 'prefix':
      return values.some((value) => typeof value === 'string' && startsWith(value, argument));
    case 'suffix':
      return values.some((value) => typeof value === 'string' && endsWith(value, argument));
    case 'equals-ignore-case':
      return values.some(
        (value) => typeof value === 'string' && value.toLowerCase() === String(argument).toLowerCase(),
      );
    case 'numeric':
      return values.some((value) => typeof value === 'number' && inRange(value, argument as unknown[]));
    case 'anything-but':
      return values.some((value) => !excludedBy(argument, value));
    default:
      return false;
  }
}

function equalsExactly(expected: unknown, value: Json): boolean {
  return expected === value;
}

function startsWith(value: string, argument: unknown): boolean {
  if (isObject(argument)) {
    return value.toLowerCase().startsWith(String(argument['equals-ignore-case']).toLowerCase());
  }
  return value.startsWith(String(argument));
}

function endsWith(value: string, argument: unknown): boolean {
  if (isObject(argument)) {
    return value.toLowerCase().endsWith(String(argument['equals-ignore-case']).toLowerCase());
  }
  return value.endsWith(String(argument));
}

function inRange(value: number, comparisons: unknown[]): boolean {
  for (let i = 0; i < comparisons.length; i += 2) {
    const bound = comparisons[i + 1] as number;
    switch (comparisons[i]) {
      case '<':
        if (!(value < bound)) return false;
        break;
      case '<=':
        if (!(value <= bound)) return false;
        break;
      case '=':
        if (value !== bound) return false;
        break;
      case '>':
        if (!(value > bound)) return false;
        break;
      case '>=':
        if (!(value >= bound)) return false;
        break;
    }
  }
  return true;
}

/** Whether `anything-but`'s argument rules the value out. */
function excludedBy(argument: unknown, value: Json): boolean {
  if (Array.isArray(argument)) return argument.some((excluded) => excluded === value);
  if (!isObject(argument)) return argument === value;
  if (typeof value !== 'string') return false;
  if ('prefix' in argument) return startsWith(value, argument.prefix);
  if ('suffix' in argument) return endsWith(value, argument.suffix);
  const ignoringCase = argument['equals-ignore-case'];
  const excluded = Array.isArray(ignoringCase) ? ignoringCase : [ignoringCase];
  return excluded.some((candidate) => String(candidate).toLowerCase() === value.toLowerCase());
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a pattern the way PutRule and CreateEventSourceMapping would, for the operators this
 * matcher implements. Throws InvalidEventPatternError naming the path of the first problem.
 */
export function assertValidEventPattern(pattern: unknown, path = ''): asserts pattern is EventPattern {
  if (!isObject(pattern)) throw new InvalidEventPatternError('a pattern must be a JSON object', path);
  const entries = Object.entries(pattern);
  if (entries.length === 0) throw new InvalidEventPatternError('an empty object matches nothing', path);
  for (const [key, value] of entries) {
    const here = path ? `${path}.${key}` : key;
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2) {
        throw new InvalidEventPatternError('$or takes an array of at least two patterns', here);
      }
      value.forEach((branch, i) => {
        assertValidEventPattern(branch, `${here}[${i}]`);
      });
    } else if (Array.isArray(value)) {
      if (value.length === 0) throw new InvalidEventPatternError('a list of values must not be empty', here);
      for (const matcher of value) assertValidMatcher(matcher, here);
    } else {
      assertValidEventPattern(value, here);
    }
  }
}

function assertValidMatcher(matcher: unknown, path: string): void {
  if (!isObject(matcher)) {
    if (['string', 'number', 'boolean'].includes(typeof matcher) || matcher === null) return;
    throw new InvalidEventPatternError('a value must be a string, number, boolean, null or operator', path);
  }
  const entries = Object.entries(matcher);
  const [operator, argument] = entries[0] ?? [];
  const reason =
    entries.length === 1
      ? operatorProblem(operator as string, argument)
      : 'an operator object takes exactly one operator';
  if (reason) throw new InvalidEventPatternError(reason, path);
}

/** What is wrong with one operator and its argument, or undefined when nothing is. */
function operatorProblem(operator: string, argument: unknown): string | undefined {
  switch (operator) {
    case 'exists':
      return typeof argument === 'boolean' ? undefined : 'exists takes true or false';
    case 'prefix':
    case 'suffix':
      return typeof argument === 'string' || isIgnoreCaseString(argument)
        ? undefined
        : `${operator} takes a string or { "equals-ignore-case": string }`;
    case 'equals-ignore-case':
      return typeof argument === 'string' ? undefined : 'equals-ignore-case takes a string';
    case 'numeric':
      return numericProblem(argument);
    case 'anything-but':
      return anythingButProblem(argument);
    case 'cidr':
    case 'wildcard':
      return `${operator} is valid in EventBridge but not implemented by the local matcher`;
    default:
      return `unknown operator ${JSON.stringify(operator)}`;
  }
}

function isIgnoreCaseString(value: unknown): boolean {
  return (
    isObject(value) && Object.keys(value).length === 1 && typeof value['equals-ignore-case'] === 'string'
  );
}

function numericProblem(argument: unknown): string | undefined {
  if (!Array.isArray(argument) || argument.length === 0 || argument.length > 4 || argument.length % 2) {
    return 'numeric takes one or two [operator, number] pairs';
  }
  for (let i = 0; i < argument.length; i += 2) {
    if (!numericOperators.has(argument[i] as string)) return `unknown numeric operator ${argument[i]}`;
    if (typeof argument[i + 1] !== 'number') return 'numeric bounds must be numbers';
  }
  return undefined;
}

function anythingButProblem(argument: unknown): string | undefined {
  if (typeof argument === 'string' || typeof argument === 'number') return undefined;
  if (Array.isArray(argument)) {
    const allStrings = argument.every((v) => typeof v === 'string');
    const allNumbers = argument.every((v) => typeof v === 'number');
    return argument.length > 0 && (allStrings || allNumbers)
      ? undefined
      : 'anything-but takes a list of only strings or only numbers';
  }
  if (isObject(argument) && Object.keys(argument).length === 1) {
    if (typeof argument.prefix === 'string' || typeof argument.suffix === 'string') return undefined;
    const ignoringCase = argument['equals-ignore-case'];
    const strings = Array.isArray(ignoringCase) ? ignoringCase : [ignoringCase];
    if (strings.length > 0 && strings.every((v) => typeof v === 'string')) return undefined;
  }
  return 'anything-but takes a value, a list, or one of { prefix | suffix | equals-ignore-case }';
}
