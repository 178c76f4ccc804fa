/**
 * A function that answers several HTTP routes of the manifest: each request goes to its route's
 * entry, found by API Gateway's route key, with the observability and error answers every HTTP
 * function has.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { requestObservability } from '../observability/invocation.ts';
import { httpErrorHandler } from './error-handler.ts';
import { HttpError } from './http-error.ts';
import type { HttpResult } from './responses.ts';

export type Route = (event: APIGatewayProxyEventV2) => Promise<HttpResult>;

export function routedHandler(routes: Readonly<Record<string, Route>>) {
  return middy<APIGatewayProxyEventV2, HttpResult>()
    .use(requestObservability())
    .use(httpErrorHandler())
    .handler(async (event) => {
      const route = routes[event.routeKey];
      if (!route) throw new HttpError(404, 'not_found', `no route ${event.routeKey}`);
      return route(event);
    });
}
