/**
 * The one Logger of every function: JSON lines on stdout (CloudWatch Logs in the cloud; the local
 * runtime prints them as readable lines). Its service is `POWERTOOLS_SERVICE_NAME` (the stack sets
 * the function's name, e.g. `wechat-callback`), its level `POWERTOOLS_LOG_LEVEL` (default INFO).
 * The Lambda context and a correlation id are added per invocation by `invocation.ts`.
 *
 * What is logged never includes tokens, keys, signatures or what customers and agents wrote.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { defaultServiceName } from './names.ts';

export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME || defaultServiceName,
});
