/**
 * The Lambda REQUEST authorizer on `$connect` (AWS.md §3.3): the function's answer is an IAM policy
 * plus a context, which API Gateway evaluates against the `$connect` method ARN. Allowed → the
 * context (with `principalId`) becomes `requestContext.authorizer` of every event of the connection;
 * an explicit Deny, or no Allow covering the ARN → 403; the function throwing `Unauthorized` → 401;
 * any other failure, or an answer API Gateway could not use → 500.
 */
import type { FunctionHost } from './function-host.ts';

export type AuthorizerContext = Record<string, string | number | boolean>;

export type AuthorizerDecision =
  | { readonly allowed: true; readonly authorizer: AuthorizerContext }
  | { readonly allowed: false; readonly status: 401 | 403 | 500; readonly reason: string };

interface Statement {
  readonly Effect?: unknown;
  readonly Action?: unknown;
  readonly Resource?: unknown;
}

export async function authorize(
  functions: FunctionHost,
  functionName: string,
  event: { readonly methodArn: string },
): Promise<AuthorizerDecision> {
  let result: unknown;
  try {
    result = await functions.invoke(functionName, event);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return message === 'Unauthorized'
      ? { allowed: false, status: 401, reason: 'Unauthorized' }
      : { allowed: false, status: 500, reason: `authorizer failed: ${message}` };
  }
  const answer = (result ?? {}) as {
    principalId?: unknown;
    policyDocument?: { Statement?: unknown };
    context?: unknown;
  };
  if (typeof answer.principalId !== 'string' || !answer.policyDocument) {
    return { allowed: false, status: 500, reason: 'authorizer answer lacks principalId or policyDocument' };
  }
  const context = (answer.context ?? {}) as Record<string, unknown>;
  const nonPrimitive = Object.entries(context).find(
    ([, value]) => !['string', 'number', 'boolean'].includes(typeof value),
  );
  if (nonPrimitive) {
    return {
      allowed: false,
      status: 500,
      reason: `authorizer context value ${nonPrimitive[0]} is not a string, number or boolean`,
    };
  }
  const statements = ([] as Statement[]).concat(
    (answer.policyDocument.Statement ?? []) as Statement | Statement[],
  );
  const applicable = statements.filter(
    (statement) =>
      covers(statement.Action, 'execute-api:invoke', true) &&
      covers(statement.Resource, event.methodArn, false),
  );
  if (applicable.some((statement) => statement.Effect === 'Deny')) {
    return { allowed: false, status: 403, reason: 'explicit deny' };
  }
  if (!applicable.some((statement) => statement.Effect === 'Allow')) {
    return { allowed: false, status: 403, reason: 'no statement allows the $connect route' };
  }
  return {
    allowed: true,
    authorizer: { principalId: answer.principalId, ...(context as AuthorizerContext) },
  };
}

/** IAM-style matching of a value against a pattern or list of patterns with `*` and `?` wildcards. */
function covers(patterns: unknown, value: string, ignoreCase: boolean): boolean {
  return ([] as unknown[]).concat(patterns ?? []).some((pattern) => {
    if (typeof pattern !== 'string') return false;
    const source = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replaceAll('*', '.*')
      .replaceAll('?', '.');
    return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
  });
}
