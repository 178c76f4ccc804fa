/**
 * One manifest function: a `NodejsFunction` bundled locally by esbuild, with its own role and its own
 * log group. Shaped after the Powertools example app's function construct
 * (`examples/app/cdk/function-with-logstream-construct.ts`: Node.js 22, arm64, source maps, an explicit
 * log group with retention, a `bindTable` helper), with two changes:
 * composition instead of a subclass, so the role can be created before the function and scoped to
 * its log group, and a single place where cdk-nag findings about the function are acknowledged.
 */
import { dirname, join } from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { ISecurityGroup, IVpc, SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionSpec, TableAccess } from '../manifest.ts';
import { acknowledgeWildcardResource } from './nag.ts';

/**
 * ESM bundles have no `require`; a CommonJS dependency that calls `require('node:…')` at runtime
 * (several do, through their CJS builds) would throw without this shim.
 */
const esmRequireBanner =
  "import { createRequire as __cjsCreateRequire } from 'node:module';const require = __cjsCreateRequire(import.meta.url);";

/**
 * Packages a function loads only when it first needs them (`import()`), shipped beside the bundle in
 * its `node_modules` instead of inside it: a cold start then reads and compiles only what every
 * invocation needs. re2js (148 KB minified) runs admins' keyword and SessionFrom patterns, which most
 * invocations never reach. Each package is copied as installed (ESM build, package.json, licence), so
 * the version is the lock file's.
 */
export const loadedOnFirstUse: Readonly<Record<string, readonly string[]>> = {
  re2js: ['package.json', 'LICENSE', 'build/index.js'],
};

/** Shell commands that copy `loadedOnFirstUse` from the project's node_modules into the asset. */
function copyLoadedOnFirstUse(inputDir: string, outputDir: string): string[] {
  return Object.entries(loadedOnFirstUse).flatMap(([name, files]) =>
    files.flatMap((file) => {
      const target = join(outputDir, 'node_modules', name, file);
      return [
        `mkdir -p "${dirname(target)}"`,
        `cp "${join(inputDir, 'node_modules', name, file)}" "${target}"`,
      ];
    }),
  );
}

export interface LambdaFunctionProps {
  /** The manifest entry (entry file, memory, timeout). */
  readonly spec: FunctionSpec;
  /** Repository root: `spec.entry` is relative to it and esbuild runs there. */
  readonly projectRoot: string;
  readonly logRetention: RetentionDays;
  /** Removal policy of the log group. */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** What Powertools reads (`shared/observability`): the function's service name, the metrics' namespace, the log level. */
  readonly observability: FunctionObservability;
  /** Runs the function in these subnets (its internet traffic leaves through their NAT gateway). */
  readonly network?: FunctionNetwork;
}

export interface FunctionNetwork {
  readonly vpc: IVpc;
  readonly subnets: SubnetSelection;
  readonly securityGroup: ISecurityGroup;
}

export interface FunctionObservability {
  /** `POWERTOOLS_SERVICE_NAME`, e.g. `wechat-callback`: the `service` of every log line and metric. */
  readonly serviceName: string;
  /** `POWERTOOLS_METRICS_NAMESPACE`: the CloudWatch namespace of the function's metrics. */
  readonly metricsNamespace: string;
  /** `POWERTOOLS_LOG_LEVEL`: DEBUG, INFO, WARN or ERROR. */
  readonly logLevel: string;
}

export class LambdaFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: LambdaFunctionProps) {
    super(scope, id);
    const { spec, projectRoot } = props;

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });

    // An own role instead of the default one with the AWS-managed AWSLambdaBasicExecutionRole (which
    // may create and write any log group of the account): this one may only write to its own.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${id} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: join(projectRoot, spec.entry),
      handler: 'handler',
      description: spec.entry,
      projectRoot,
      depsLockFilePath: join(projectRoot, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      ...(props.network
        ? {
            vpc: props.network.vpc,
            vpcSubnets: props.network.subnets,
            securityGroups: [props.network.securityGroup],
          }
        : {}),
      environment: {
        // Stack traces point at the TypeScript sources through the bundled source map.
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.observability.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: props.observability.metricsNamespace,
        POWERTOOLS_LOG_LEVEL: props.observability.logLevel,
      },
      bundling: {
        minify: true,
        sourceMap: true,
        // The map is for stack traces, not for reading code: leave the sources out of the zip.
        sourcesContent: false,
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        // Bundle the SDK version pinned in package-lock.json instead of the runtime's copy.
        bundleAwsSDK: true,
        banner: esmRequireBanner,
        externalModules: Object.keys(loadedOnFirstUse),
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: copyLoadedOnFirstUse,
        },
        // Quiet unless something is wrong: synth output stays readable.
        logLevel: LogLevel.WARNING,
      },
    });

    if (props.network) this.allowNetworkInterfaces();

    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is pinned on purpose: the local runtime, the tests and the esbuild target all run on ' +
        'the node@22 devDependency, so the cloud runs the version that is tested. Move to a newer ' +
        'runtime together with that toolchain, not ahead of it.',
    });
  }

  /**
   * What Lambda needs to attach the function to its subnets: the same actions as the AWS-managed
   * AWSLambdaVPCAccessExecutionRole, without its log permissions (the role writes its own log group).
   * CDK adds that managed policy only to roles it creates itself.
   */
  private allowNetworkInterfaces(): void {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [
          'ec2:CreateNetworkInterface',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeSubnets',
          'ec2:DeleteNetworkInterface',
          'ec2:AssignPrivateIpAddresses',
          'ec2:UnassignPrivateIpAddresses',
        ],
        resources: ['*'],
      }),
    );
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Lambda creates and deletes the network interfaces of a function in a VPC with its execution ' +
        "role; EC2's Describe actions accept no resource ARN and the interfaces do not exist before " +
        'Lambda creates them, so these ENI actions (those of AWSLambdaVPCAccessExecutionRole) take "*".',
    });
  }

  /** Sets the variable that names the table and grants exactly the access the manifest declares. */
  bindTable(table: ITableV2, envVar: string, access: TableAccess, hasIndexes: boolean): void {
    this.function.addEnvironment(envVar, table.tableName);
    if (access === 'readWrite') table.grantReadWriteData(this.function);
    else table.grantReadData(this.function);
    if (hasIndexes) {
      acknowledgeWildcardResource(
        this,
        `${table.tableArn}/index/*`,
        `The ${access} grant includes the global secondary indexes of the ${table.node.id} ` +
          '(…/index/*) so that the function can query them. Every index of the table is declared in ' +
          'shared/store/tables.ts, so the wildcard reaches no index outside the data model the ' +
          'manifest grants this function.',
      );
    }
  }
}
