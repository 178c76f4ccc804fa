/**
 * Helpers for acknowledging cdk-nag findings precisely. An IAM5 (wildcard) finding is named after
 * the policy resource as cdk-nag prints it (`Resource::<TableLogicalId.Arn>/index/*`); deriving that
 * name from the very ARN the grant used keeps the acknowledgement pinned to that one resource, in
 * every environment (env-agnostic or not), instead of hard-coding logical ids.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

/** cdk-nag's finding id for a wildcard resource ARN granted to a principal under `scope`. */
function wildcardResourceFinding(scope: IConstruct, arn: string): string {
  return `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(scope).resolve(arn))}]`;
}

/** Acknowledges the IAM5 finding of one wildcard resource, on `scope` and everything below it. */
export function acknowledgeWildcardResource(scope: IConstruct, arn: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: wildcardResourceFinding(scope, arn), reason });
}

/** Acknowledges the IAM5 findings of wildcard actions (e.g. `s3:GetObject*`), one by one. */
export function acknowledgeWildcardActions(
  scope: IConstruct,
  actions: readonly string[],
  reason: string,
): void {
  for (const action of actions) {
    Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Action::${action}]`, reason });
  }
}
