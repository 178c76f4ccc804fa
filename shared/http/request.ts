import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import { inEnglish } from '../domain/issue-wording.ts';
import { jsonNestsDeeperThan, maxJsonDepth } from '../domain/json-depth.ts';
import { badRequest } from './http-error.ts';

export function rawBody(event: APIGatewayProxyEventV2): string {
  if (event.body === undefined) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

function jsonBody(event: APIGatewayProxyEventV2): unknown {
  const body = rawBody(event);
  if (jsonNestsDeeperThan(body)) throw badRequest(`the body nests deeper than ${maxJsonDepth} levels`);
  try {
    return JSON.parse(body);
  } catch {
    throw badRequest('the body must be JSON');
  }
}

/** Parses and validates a JSON body, answering 400 with what is wrong. */
export function parseJsonBody<T>(event: APIGatewayProxyEventV2, schema: z.ZodMiniType<T>): T {
  return answered(schema.safeParse(jsonBody(event), inEnglish), 'body');
}

/**
 * `parseJsonBody` for a schema with asynchronous checks (an admin's regular expressions, checked by
 * the regex engine, which loads on first use).
 */
export async function parseJsonBodyAsync<T>(
  event: APIGatewayProxyEventV2,
  schema: z.ZodMiniType<T>,
): Promise<T> {
  return answered(await schema.safeParseAsync(jsonBody(event), inEnglish), 'body');
}

export function parseQuery<T>(event: APIGatewayProxyEventV2, schema: z.ZodMiniType<T>): T {
  return answered(schema.safeParse(event.queryStringParameters ?? {}, inEnglish), 'query');
}

/** A path parameter of the route, checked against its shape: a malformed one is answered with 400. */
export function pathParameter<T>(event: APIGatewayProxyEventV2, name: string, schema: z.ZodMiniType<T>): T {
  const result = schema.safeParse(event.pathParameters?.[name], inEnglish);
  if (!result.success) throw badRequest(`${name}: ${result.error.issues[0]?.message ?? 'malformed'}`);
  return result.data;
}

function answered<T>(result: z.core.util.SafeParseResult<T>, where: string): T {
  if (!result.success) {
    throw badRequest(
      `invalid ${where}`,
      result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  return result.data;
}
