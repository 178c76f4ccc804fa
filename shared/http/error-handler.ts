import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { logger } from '../observability/logger.ts';
import { HttpError } from './http-error.ts';
import { json } from './responses.ts';

/**
 * Turns errors into answers: an HttpError says what was wrong; anything else is our fault, logged
 * with its stack and answered with a bare 500 so no internals leak.
 */
export function httpErrorHandler(): MiddlewareObj<APIGatewayProxyEventV2> {
  return {
    onError: async (request) => {
      const { error } = request;
      if (error instanceof HttpError) {
        const response = json(error.statusCode, {
          error: {
            code: error.code,
            message: error.message,
            ...(error.details ? { details: error.details } : {}),
          },
        });
        request.response = { ...response, headers: { ...response.headers, ...error.headers } };
        return;
      }
      // Once, with the stack; never the request (its body may hold what a customer or agent wrote).
      logger.error('unhandled error', { routeKey: request.event.routeKey, error });
      request.response = json(500, { error: { code: 'internal', message: 'internal error' } });
    },
  };
}
