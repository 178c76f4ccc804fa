import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { z } from 'zod';
import { jsonNestsDeeperThan, maxJsonDepth } from '../domain/json-depth.ts';
import { badRequest } from './http-error.ts';

export function rawBody(event: APIGatewayProxyEventV2): string {
  if (event.body === undefined) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/** Parses and validates a JSON body, answering 400 with what is wrong. */
export function parseJsonBody<T>(event: APIGatewayProxyEventV2, schema: z.ZodType<T>): T {
  const body = rawBody(event);
  if (jsonNestsDeeperThan(body)) throw badRequest(`the body nests deeper than ${maxJsonDepth} levels`);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw badRequest('the body must be JSON');
  }
  return validate(value, schema, 'body');
}

export function parseQuery<T>(event: APIGatewayProxyEventV2, schema: z.ZodType<T>): T {
  return validate(event.queryStringParameters ?? {}, schema, 'query');
}

/** A path parameter of the route, checked against its shape: a malformed one is answered with 400. */
export function pathParameter<T>(event: APIGatewayProxyEventV2, name: string, schema: z.ZodType<T>): T {
  const result = schema.safeParse(event.pathParameters?.[name]);
  if (!result.success) throw badRequest(`${name}: ${result.error.issues[0]?.message ?? 'malformed'}`);
  return result.data;
}

function validate<T>(value: unknown, schema: z.ZodType<T>, where: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw badRequest(
      `invalid ${where}`,
      result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  return result.data;
}
