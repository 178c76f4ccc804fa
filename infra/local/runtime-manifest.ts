/**
 * The parts of `infra/manifest.ts` the local runtime runs. `npm start` uses the real manifest; tests
 * of the runtime itself pass their own, with fixture functions, so the emulators can be exercised
 * without the product's handlers. The shapes are the manifest's, with function names widened to
 * strings so a test manifest can name its own functions.
 */

import type { FunctionSpec, ScheduleSpec, StreamRedriveSpec, StreamTriggerSpec } from '../manifest.ts';
import * as manifest from '../manifest.ts';

export interface RuntimeManifest {
  readonly functions: Readonly<Record<string, FunctionSpec>>;
  readonly httpRoutes: readonly {
    readonly method: string;
    readonly path: string;
    readonly function: string;
    readonly callerRetriesIdentically?: boolean;
  }[];
  readonly httpCors: {
    readonly allowHeaders: readonly string[];
    readonly allowMethods: readonly string[];
    readonly maxAgeSeconds: number;
  };
  readonly webSocket: {
    readonly routeSelectionExpression: string;
    readonly authorizer?: { readonly function: string; readonly queryParameter: string };
    readonly routes: readonly {
      readonly routeKey: string;
      readonly function: string;
      readonly returnResponse?: boolean;
    }[];
  };
  readonly streamTriggers: readonly (Omit<StreamTriggerSpec, 'function' | 'onFailure'> & {
    readonly function: string;
    readonly onFailure?: Omit<StreamRedriveSpec, 'redrive'> & { readonly redrive: string };
  })[];
  readonly schedules: readonly (Omit<ScheduleSpec, 'function'> & { readonly function: string })[];
}

export const defaultManifest: RuntimeManifest = manifest;

/** Fails at start, with the culprit named, rather than at the first request that needs the function. */
export function assertFunctionsDeclared(runtimeManifest: RuntimeManifest): void {
  const used = [
    ...runtimeManifest.httpRoutes.map((route) => [
      `HTTP route ${route.method} ${route.path}`,
      route.function,
    ]),
    ...runtimeManifest.webSocket.routes.map((route) => [`WebSocket route ${route.routeKey}`, route.function]),
    ...(runtimeManifest.webSocket.authorizer
      ? [['the WebSocket authorizer', runtimeManifest.webSocket.authorizer.function]]
      : []),
    ...runtimeManifest.streamTriggers.flatMap((trigger) => [
      [`the stream trigger on ${trigger.table}`, trigger.function],
      ...(trigger.onFailure
        ? [[`the redrive of the stream trigger on ${trigger.table}`, trigger.onFailure.redrive]]
        : []),
    ]),
    ...runtimeManifest.schedules.map((schedule) => [`a schedule`, schedule.function]),
  ];
  for (const [user, name] of used) {
    if (!name || !Object.hasOwn(runtimeManifest.functions, name)) {
      throw new Error(`${user} names function ${name}, which the manifest does not declare`);
    }
  }
}
