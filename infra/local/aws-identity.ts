/**
 * The AWS identity the local runtime presents: the region, account and API ids that appear in
 * events, ARNs and Lambda contexts. Handlers see values of the same shape as in the cloud, so code
 * that parses an ARN or logs a request id behaves the same on the laptop.
 */
import { randomBytes } from 'node:crypto';

export const localRegion = 'us-east-1';

/** The account DynamoDB Local puts in its own ARNs, so every ARN the functions see agrees. */
export const localAccountId = '000000000000';

/**
 * The made-up key every local client signs with, and the only one the local object store accepts
 * (real credentials must never be used from here).
 */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export const httpApiId = 'localhttp0';
export const webSocketApiId = 'localws000';

/** The WebSocket stage, visible in `@connections` URLs and in `requestContext.stage`. */
export const webSocketStage = 'local';

/**
 * An id shaped like API Gateway's request and connection ids (`L0SM9cOFvHcCIhw=`): 16 characters
 * ending in `=`, so code that puts one in a URL without encoding it breaks here as it would in AWS.
 */
export function apiGatewayId(): string {
  return `${randomBytes(11).toString('base64url')}=`;
}
