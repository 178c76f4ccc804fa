/**
 * What every invocation gets, whatever the function: the Lambda context on each log line (function
 * name, request id, cold start), a correlation id, and the metrics it stored flushed at its end.
 * Middy handlers `.use(requestObservability())`; plain handlers are wrapped with `observed()`.
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from './logger.ts';
import { publishMetrics } from './metrics.ts';

interface ApiGatewayEvent {
  readonly requestContext: { readonly requestId: string };
}

/**
 * For API Gateway's middy handlers: the Lambda context, API Gateway's request id as correlation id
 * (a handler may replace it once it knows better, as the WeChat callback does), and the metrics.
 * Use it first, so that its error handling runs last: the error handler's log line still carries
 * the context, and the keys are reset afterwards.
 */
export function requestObservability<TEvent extends ApiGatewayEvent, TResult>(): MiddlewareObj<
  TEvent,
  TResult
>[] {
  return [
    injectLambdaContext(logger, { resetKeys: true }) as MiddlewareObj<TEvent, TResult>,
    {
      before: (request) => {
        logger.setCorrelationId(request.event.requestContext.requestId);
      },
    },
    { after: publishMetrics, onError: publishMetrics },
  ];
}

/** For handlers without middy: the same, with the correlation id taken from the event if it has one. */
export function observed<TEvent = void, TResult = unknown>(
  handle: (event: TEvent) => Promise<TResult>,
  correlationIdOf?: (event: TEvent) => string | undefined,
): (event: TEvent, context?: Context) => Promise<TResult> {
  return async (event, context) => {
    if (context) logger.addContext(context);
    const correlationId = correlationIdOf?.(event);
    if (correlationId) logger.setCorrelationId(correlationId);
    try {
      return await handle(event);
    } finally {
      publishMetrics();
      logger.resetKeys();
    }
  };
}

/** API Gateway's id of the request (HTTP and WebSocket events, authorizer events). */
export function requestIdOf(event: ApiGatewayEvent): string {
  return event.requestContext.requestId;
}
