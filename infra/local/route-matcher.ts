// Finds the declared route for a request the way HTTP API does: exact segments win over `{param}`, `{param+}` is
// greedy, and a GET route answers HEAD too, as the stack declares it.
import { type RouteDeclaration, type RouteMethod, routeMethods } from '../../shared/routes';

export interface RouteMatch<R extends RouteDeclaration = RouteDeclaration> {
  route: R;
  /** Decoded values, as API Gateway passes them. */
  pathParameters: Record<string, string>;
}

type Segment = { kind: 'literal'; value: string } | { kind: 'param'; name: string; greedy: boolean };

interface CompiledRoute<R> {
  route: R;
  segments: Segment[];
}

export function createRouteMatcher<R extends RouteDeclaration>(routes: readonly R[]) {
  const compiled: CompiledRoute<R>[] = routes.map((route) => ({ route, segments: compile(route.path) }));
  return (method: string, rawPath: string): RouteMatch<R> | undefined => {
    const parts = splitPath(rawPath);
    if (!parts) return undefined;
    let best: { match: RouteMatch<R>; score: number[] } | undefined;
    for (const candidate of compiled) {
      if (!routeMethods(candidate.route).includes(method as RouteMethod)) continue;
      const pathParameters = matchSegments(candidate.segments, parts);
      if (!pathParameters) continue;
      const score = candidate.segments.map((s) => (s.kind === 'literal' ? 2 : s.greedy ? 0 : 1));
      if (!best || compareScores(score, best.score) > 0) {
        best = { match: { route: candidate.route, pathParameters }, score };
      }
    }
    return best?.match;
  };
}

/** A declared path is `/` or `/segment/...`, never with an empty segment (API Gateway refuses those). */
function compile(path: string): Segment[] {
  return pathSegments(path).map((part) => {
    const param = /^\{([A-Za-z0-9_.-]+)(\+?)\}$/.exec(part);
    if (!param) return { kind: 'literal', value: part };
    return { kind: 'param', name: param[1] as string, greedy: param[2] === '+' };
  });
}

/** `/` has no segments; otherwise every `/` starts one, so `//` and a trailing `/` give empty ones. */
function pathSegments(path: string): string[] {
  return path === '/' ? [] : path.split('/').slice(1);
}

/**
 * Splits an encoded path and decodes each segment, so an encoded `/` stays inside its segment. Empty
 * segments are kept: API Gateway matches `/v1/campaigns` only, not `/v1/campaigns/` or `//v1/campaigns`.
 */
function splitPath(rawPath: string): string[] | undefined {
  if (!rawPath.startsWith('/')) return undefined;
  try {
    return pathSegments(rawPath).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

/** An empty segment matches nothing: no literal is empty, and a path variable needs a value. */
function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as Segment;
    if (segment.kind === 'param' && segment.greedy) {
      const rest = parts.slice(i);
      if (rest.length === 0 || rest.includes('')) return undefined;
      parameters[segment.name] = rest.join('/');
      return parameters;
    }
    const part = parts[i];
    if (part === undefined || part === '') return undefined;
    if (segment.kind === 'literal') {
      if (segment.value !== part) return undefined;
    } else {
      parameters[segment.name] = part;
    }
  }
  return segments.length === parts.length ? parameters : undefined;
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? -1) - (b[i] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}
