/**
 * The manifest's routes and the handlers' route tables are the same list. Every function module a
 * route points to exports `routeKeys`: the HTTP route keys it answers (`METHOD /path`, as API Gateway
 * and `functions/api.ts` spell them) or the WebSocket route keys (`$connect`, `$disconnect`,
 * `$default` and each socket action of `functions/ws-message.ts`). The test fails when a manifest
 * route reaches a function that has no entry for it, and when a function answers a route the
 * manifest never sends it. The socket actions are compared one by one because the manifest lists
 * each as its own WebSocket route.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as manifest from '../../../infra/manifest.ts';

const repositoryRoot = resolve(import.meta.dirname, '../../..');

interface RoutedManifest {
  readonly functions: Readonly<Record<string, { readonly entry: string }>>;
  readonly httpRoutes: readonly {
    readonly method: string;
    readonly path: string;
    readonly function: string;
  }[];
  readonly webSocket: {
    readonly routes: readonly { readonly routeKey: string; readonly function: string }[];
  };
}

/** What each function's module says it answers (undefined: it exports no `routeKeys`). */
type RouteTables = Readonly<Record<string, readonly string[] | undefined>>;

/** Every disagreement between the manifest's routes and the functions' route tables, in words. */
function routeProblems(m: RoutedManifest, tables: RouteTables): string[] {
  const problems: string[] = [];
  const routed = new Map<string, string[]>();
  const route = (name: string, key: string) => {
    const keys = routed.get(name) ?? [];
    if (keys.includes(key)) problems.push(`the manifest routes ${key} to ${name} twice`);
    routed.set(name, [...keys, key]);
  };
  for (const r of m.httpRoutes) route(r.function, `${r.method} ${r.path}`);
  for (const r of m.webSocket.routes) route(r.function, r.routeKey);

  for (const name of Object.keys(m.functions)) {
    const manifestKeys = routed.get(name) ?? [];
    const handlerKeys = tables[name];
    const entry = m.functions[name]?.entry;
    if (handlerKeys === undefined) {
      if (manifestKeys.length > 0) {
        problems.push(
          `${entry} exports no routeKeys, but the manifest routes ${manifestKeys.join(', ')} to it`,
        );
      }
      continue;
    }
    for (const key of manifestKeys) {
      if (!handlerKeys.includes(key))
        problems.push(`manifest route ${key} -> ${name}: ${entry} has no entry`);
    }
    for (const key of handlerKeys) {
      if (!manifestKeys.includes(key))
        problems.push(`${entry} answers ${key}, which the manifest never routes to it`);
    }
  }
  return problems;
}

async function loadRouteTables(m: RoutedManifest): Promise<RouteTables> {
  const tables: Record<string, readonly string[] | undefined> = {};
  for (const [name, spec] of Object.entries(m.functions)) {
    const module: { routeKeys?: readonly string[] } = await import(
      pathToFileURL(resolve(repositoryRoot, spec.entry)).href
    );
    tables[name] = module.routeKeys;
  }
  return tables;
}

describe('routes', () => {
  it('are the same in the manifest and in the route tables of the functions they reach', async () => {
    expect(routeProblems(manifest, await loadRouteTables(manifest))).toEqual([]);
  });

  describe('the comparison', () => {
    const m: RoutedManifest = {
      functions: { api: { entry: 'functions/api.ts' }, ws: { entry: 'functions/ws.ts' } },
      httpRoutes: [{ method: 'GET', path: '/a', function: 'api' }],
      webSocket: { routes: [{ routeKey: 'ping', function: 'ws' }] },
    };

    it('finds nothing when both sides agree', () => {
      expect(routeProblems(m, { api: ['GET /a'], ws: ['ping'] })).toEqual([]);
    });

    it('reports a manifest route the function has no entry for', () => {
      expect(routeProblems(m, { api: [], ws: ['ping'] })).toEqual([
        'manifest route GET /a -> api: functions/api.ts has no entry',
      ]);
    });

    it('reports an entry the manifest does not route', () => {
      expect(routeProblems(m, { api: ['GET /a', 'POST /a'], ws: ['ping', 'pong'] })).toEqual([
        'functions/api.ts answers POST /a, which the manifest never routes to it',
        'functions/ws.ts answers pong, which the manifest never routes to it',
      ]);
    });

    it('reports a routed function without a route table', () => {
      expect(routeProblems(m, { api: ['GET /a'], ws: undefined })).toEqual([
        'functions/ws.ts exports no routeKeys, but the manifest routes ping to it',
      ]);
    });
  });
});
