import type { APIGatewayProxyResultV2 } from 'aws-lambda';

export type HttpResult = Exclude<APIGatewayProxyResultV2, string>;

export function json(statusCode: number, body: unknown): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  };
}

export function text(statusCode: number, body: string): HttpResult {
  return { statusCode, headers: { 'content-type': 'text/plain; charset=utf-8' }, body };
}
