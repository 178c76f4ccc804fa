/**
 * API Gateway's account-level CloudWatch Logs role. WebSocket (and REST) APIs write access logs
 * through a role set once per account and region in API Gateway's account settings; without it,
 * creating a WebSocket stage with access logging fails ("CloudWatch Logs role ARN must be set in
 * account settings to enable logging"). HTTP APIs do not need it.
 *
 * The setting is shared by every API in the account and region, so both the role and the setting are
 * retained when the stack is deleted (otherwise other APIs' logging would point at a deleted role).
 * Accounts that already have the setting can leave this construct out (`apiGatewayCloudWatchRole`).
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { CfnAccount } from 'aws-cdk-lib/aws-apigateway';
import { ManagedPolicy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export class ApiGatewayLoggingRole extends Construct {
  readonly account: CfnAccount;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('apigateway.amazonaws.com'),
      description: "API Gateway's account-level role for writing API logs to CloudWatch Logs",
      managedPolicies: [
        ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonAPIGatewayPushToCloudWatchLogs'),
      ],
    });
    role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        "AmazonAPIGatewayPushToCloudWatchLogs is the policy API Gateway documents for its account-level logging role. The role serves every API of the account and region, and API Gateway creates the log groups for execution logs itself, so it cannot be scoped to this stack's log groups.",
    });

    this.account = new CfnAccount(this, 'Account', { cloudWatchRoleArn: role.roleArn });
    this.account.applyRemovalPolicy(RemovalPolicy.RETAIN);
  }
}
