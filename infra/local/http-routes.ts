/**
 * API Gateway HTTP API route selection for path templates such as `/wechat/{appId}`: a request
 * matches a route with the same method and the same number of segments, where `{name}` captures
 * one segment; the most specific route wins (at the first segment where two candidates differ, a
 * literal segment beats a parameter). Greedy `{proxy+}` parameters and `ANY` are not in the
 * manifest and are refused at start rather than silently emulated wrong.
 */
import { decodeOnce } from './request-parts.ts';

interface RouteTemplate {
  readonly method: string;
  readonly path: string;
}

type Segment = { readonly literal: string } | { readonly parameter: string };

interface CompiledRoute<T> {
  readonly route: T;
  readonly segments: readonly Segment[];
}

export interface RouteMatch<T> {
  readonly route: T;
  /** Decoded once; absent when the template has no parameters, as in the event. */
  readonly pathParameters: Record<string, string> | undefined;
}

export type Router<T> = (method: string, rawPath: string) => RouteMatch<T> | undefined;

export function createRouter<T extends RouteTemplate>(routes: readonly T[]): Router<T> {
  const compiled = routes.map((route) => ({ route, segments: compile(route) }));
  compiled.sort((a, b) => compareSpecificity(a.segments, b.segments));
  return (method, rawPath) => {
    const parts = rawPath.split('/').slice(1);
    for (const candidate of compiled) {
      if (candidate.route.method !== method) continue;
      const parameters = match(candidate, parts);
      if (parameters) {
        return {
          route: candidate.route,
          pathParameters: Object.keys(parameters).length ? parameters : undefined,
        };
      }
    }
    return undefined;
  };
}

function compile(route: RouteTemplate): Segment[] {
  if (!route.path.startsWith('/')) throw new Error(`route path ${route.path} must start with /`);
  if (route.path.includes('+}') || route.method === 'ANY') {
    throw new Error(`route ${route.method} ${route.path}: greedy paths and ANY are not emulated locally`);
  }
  return route.path
    .split('/')
    .slice(1)
    .map((segment) => {
      const parameter = /^\{([^{}]+)\}$/.exec(segment)?.[1];
      return parameter ? { parameter } : { literal: segment };
    });
}

function compareSpecificity(a: readonly Segment[], b: readonly Segment[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const aLiteral = 'literal' in (a[index] as Segment);
    const bLiteral = 'literal' in (b[index] as Segment);
    if (aLiteral !== bLiteral) return aLiteral ? -1 : 1;
  }
  return 0;
}

function match<T>(candidate: CompiledRoute<T>, parts: readonly string[]): Record<string, string> | undefined {
  if (parts.length !== candidate.segments.length) return undefined;
  const parameters: Record<string, string> = {};
  for (const [index, segment] of candidate.segments.entries()) {
    const part = parts[index] as string;
    if ('literal' in segment) {
      if (part !== segment.literal) return undefined;
    } else {
      // API Gateway does not match a parameter against an empty segment (`/wechat/`).
      if (!part) return undefined;
      parameters[segment.parameter] = decodeOnce(part);
    }
  }
  return parameters;
}
