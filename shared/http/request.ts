import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { z } from 'zod';
import { badRequest } from './http-error.ts';

export function rawBody(event: APIGatewayProxyEventV2): string {
  if (event.body === undefined) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/** Parses and validates a JSON body, answering 400 with what is wrong. */
export function parseJsonBody<T>(event: APIGatewayProxyEventV2, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(rawBody(event));
  } catch {
    throw badRequest('the body must be JSON');
  }
  return validate(value, schema, 'body');
}

export function parseQuery<T>(event: APIGatewayProxyEventV2, schema: z.ZodType<T>): T {
  return validate(event.queryStringParameters ?? {}, schema, 'query');
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
