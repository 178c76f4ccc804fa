/**
 * CDK app entry (`cdk.json` runs it with tsx). Context values, all optional (`-c key=value`):
 *
 * - `stage` (default `prod`): WebSocket stage name, part of API names; non-prod stages get their own
 *   stack name and no DynamoDB deletion protection by default.
 * - `stackName` (or env `WECHAT_CS_STACK_NAME`): default `WeChatCs`, or `WeChatCs-<stage>` off prod.
 * - `deletionProtection` (`true`/`false`): overrides the stage's default.
 * - `apiGatewayCloudWatchRole` (`false` where the account already has API Gateway's logging role).
 * - `consoleAssetPath`: the console build to upload (default `<repo>/web/dist`).
 * - `consoleDomain` + `consoleCertificateArn`: serve the console on an own domain.
 * - `apiCertificateArn` with `httpApiDomain` and/or `webSocketDomain`: the APIs on own domain names
 *   (a regional certificate of the stack's region covering them).
 * - `fixedEgress` (`true`/`false`, default false): the functions that call WeChat leave through one
 *   NAT gateway with an Elastic IP, for WeChat's IP whitelist.
 * - `alarmEmail`: an address the alarms notify.
 *
 * Synthesis runs offline and needs no AWS credentials.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { toolEnv } from '../shared/config/env-names.ts';
import { repositoryRoot, WeChatCsStack } from './stack.ts';

const app = new App();

function context(key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  return value === undefined || value === null || value === '' ? undefined : String(value);
}

function booleanContext(key: string): boolean | undefined {
  const value = context(key);
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false')
    throw new Error(`context ${key} must be true or false, got ${value}`);
  return value === 'true';
}

const stage = context('stage') ?? 'prod';
if (!/^[A-Za-z0-9_-]{1,64}$/.test(stage))
  throw new Error(`context stage must match [A-Za-z0-9_-]+, got ${stage}`);
const stackName =
  context('stackName') ??
  process.env[toolEnv.stackName] ??
  (stage === 'prod' ? 'WeChatCs' : `WeChatCs-${stage}`);

const consoleAssetPath = resolve(context('consoleAssetPath') ?? join(repositoryRoot, 'web', 'dist'));
if (!existsSync(join(consoleAssetPath, 'index.html'))) {
  console.error(
    `The agent console is not built: ${join(consoleAssetPath, 'index.html')} does not exist.\n` +
      'Build it first (its Vite build writes web/dist), or point -c consoleAssetPath=<folder> at a build.',
  );
  process.exit(1);
}

const consoleDomain = context('consoleDomain');
const consoleCertificateArn = context('consoleCertificateArn');
if (Boolean(consoleDomain) !== Boolean(consoleCertificateArn)) {
  throw new Error('context consoleDomain and consoleCertificateArn go together');
}
const apiCertificateArn = context('apiCertificateArn');
const httpApiDomain = context('httpApiDomain');
const webSocketDomain = context('webSocketDomain');
if (Boolean(apiCertificateArn) !== Boolean(httpApiDomain || webSocketDomain)) {
  throw new Error('context apiCertificateArn goes with httpApiDomain and/or webSocketDomain');
}
const alarmEmail = context('alarmEmail');
if (alarmEmail !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(alarmEmail)) {
  throw new Error(`context alarmEmail must be an e-mail address, got ${alarmEmail}`);
}
const fixedEgress = booleanContext('fixedEgress');
const deletionProtection = booleanContext('deletionProtection');
const apiGatewayCloudWatchRole = booleanContext('apiGatewayCloudWatchRole');

new WeChatCsStack(app, stackName, {
  stage,
  consoleAssetPath,
  ...(deletionProtection === undefined ? {} : { deletionProtection }),
  ...(apiGatewayCloudWatchRole === undefined ? {} : { apiGatewayCloudWatchRole }),
  ...(consoleDomain && consoleCertificateArn
    ? { consoleDomain: { domainName: consoleDomain, certificateArn: consoleCertificateArn } }
    : {}),
  ...(apiCertificateArn
    ? {
        apiDomains: {
          certificateArn: apiCertificateArn,
          ...(httpApiDomain ? { httpDomainName: httpApiDomain } : {}),
          ...(webSocketDomain ? { webSocketDomainName: webSocketDomain } : {}),
        },
      }
    : {}),
  ...(fixedEgress === undefined ? {} : { fixedEgress }),
  ...(alarmEmail ? { alarmEmail } : {}),
  // No `env`: the stack is environment-agnostic, so the template synthesized offline is the one that
  // deploys (to the account and region of the credentials `cdk deploy` runs with).
});

// Every AwsSolutions finding is either fixed or acknowledged next to its construct; an
// unacknowledged error fails the synthesis.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
