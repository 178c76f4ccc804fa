/**
 * The agent console: a private S3 bucket behind CloudFront (origin access control), served as a
 * single-page app, plus the deployment of the console build and of a `config.json` that tells the
 * SPA where the APIs are. The bucket is created first (the HTTP API's CORS needs the console's
 * origin); the upload is added with `deploy()` once the API URLs exist.
 */
import { Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  CachePolicy,
  Distribution,
  HttpVersion,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledgeWildcardActions, acknowledgeWildcardResource } from './nag.ts';

export interface ConsoleDomain {
  /** e.g. `cs.example.com`; point a CNAME (or alias) at the distribution after deploying. */
  readonly domainName: string;
  /** An ACM certificate for `domainName` in us-east-1 (CloudFront reads certificates there only). */
  readonly certificateArn: string;
}

export interface ConsoleHostingProps {
  /** Serve the console on an own domain (TLS 1.2+ enforced) instead of only `*.cloudfront.net`. */
  readonly domain?: ConsoleDomain;
  /** How long access logs of the bucket and the distribution are kept. */
  readonly accessLogExpiration: Duration;
  readonly logRetention: RetentionDays;
  readonly logRemovalPolicy?: RemovalPolicy;
}

export interface ConsoleDeploymentProps {
  /** The console build folder (`web/dist`). */
  readonly assetPath: string;
  /** Written to `config.json` at the bucket root; tokens (API URLs) are resolved at deploy time. */
  readonly config: Record<string, string>;
}

export class ConsoleHosting extends Construct {
  readonly bucket: Bucket;
  /** Server access logs of the console's buckets (and of other buckets of the stack). */
  readonly accessLogs: Bucket;
  readonly distribution: Distribution;
  /** `https://…/`: where agents open the console; also the origin the HTTP API's CORS allows. */
  readonly url: string;
  readonly origin: string;
  private readonly logRetention: RetentionDays;
  private readonly logRemovalPolicy: RemovalPolicy | undefined;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    this.logRetention = props.logRetention;
    this.logRemovalPolicy = props.logRemovalPolicy;

    // Receives the bucket's server access logs and CloudFront's standard logs. CloudFront's
    // standard logging writes through a bucket ACL, hence object ownership "object writer".
    const accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: props.accessLogExpiration }],
    });
    this.accessLogs = accessLogs;
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket is the access-log destination of the console bucket and of the CloudFront ' +
        'distribution; logging its own accesses into itself would log every log delivery.',
    });

    this.bucket = new Bucket(this, 'Assets', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'console-bucket/',
    });

    const certificate = props.domain
      ? Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn)
      : undefined;

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Agent console of ${Stack.of(this).stackName}`,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
        compress: true,
      },
      defaultRootObject: 'index.html',
      // A single-page app: any path the bucket does not have (S3 answers 403 through OAC for a
      // missing key, 404 otherwise) is a client-side route, so serve index.html with 200.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: '/index.html',
        ttl: Duration.seconds(0),
      })),
      httpVersion: HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: accessLogs,
      logFilePrefix: 'cloudfront/',
      // Only a custom certificate lets a distribution choose its minimum TLS version.
      ...(props.domain && certificate
        ? {
            domainNames: [props.domain.domainName],
            certificate,
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          "No geo restriction: the console's agents work wherever the businesses are, and every API " +
          'call and socket behind it requires an agent login, so the static files alone expose nothing.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'No AWS WAF web ACL: the distribution serves only static console files (no origin ' +
          'compute, nothing to inject into), and a web ACL costs a fixed monthly fee on a system ' +
          'meant to cost nothing when idle. Operators who need one attach it by webAclId.',
      },
    );
    if (!props.domain) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without an own domain the console is served on the default *.cloudfront.net certificate, ' +
          'for which CloudFront does not let a distribution choose a minimum TLS version (its ' +
          'security policy is fixed). Given a console domain and its ACM certificate, the stack ' +
          'sets minimumProtocolVersion TLSv1.2_2021 and this acknowledgement is not made.',
      });
    }

    this.origin = `https://${props.domain?.domainName ?? this.distribution.distributionDomainName}`;
    this.url = `${this.origin}/`;
  }

  /** Uploads the console build and its `config.json`, then invalidates the distribution's cache. */
  deploy(props: ConsoleDeploymentProps): BucketDeployment {
    const logGroup = new LogGroup(this, 'DeploymentLogs', {
      retention: this.logRetention,
      ...(this.logRemovalPolicy ? { removalPolicy: this.logRemovalPolicy } : {}),
    });
    const role = new Role(this, 'DeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Execution role of the console upload (BucketDeployment) function',
    });
    logGroup.grantWrite(role);

    // The build is staged as an explicit asset so the grant on its bucket can be named below.
    const build = new Asset(this, 'Build', { path: props.assetPath });
    const deployment = new BucketDeployment(this, 'Deployment', {
      sources: [Source.bucket(build.bucket, build.s3ObjectKey), Source.jsonData('config.json', props.config)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      // Browsers revalidate every file (ETag, so a 304 when unchanged): a new index.html and
      // config.json are seen on the next load. Vite's hashed bundles would tolerate long caching,
      // but one deployment with one rule is simpler and the console is small.
      cacheControl: [CacheControl.noCache()],
      // Keep the previous build's hashed files: a console open during a deploy still lazy-loads
      // the chunks its old index.html names.
      prune: false,
      memoryLimit: 512,
      role,
      logGroup,
    });

    // The upload function's grants are written by BucketDeployment (read on the CDK asset bucket,
    // read/write/delete on the console bucket, CloudFront invalidation).
    acknowledgeWildcardActions(
      role,
      ['s3:GetBucket*', 's3:GetObject*', 's3:List*'],
      "Read access that BucketDeployment grants on the source (the CDK asset bucket) and the console bucket: the upload function lists and copies the build's objects, whose names are not known when the policy is written.",
    );
    acknowledgeWildcardActions(
      role,
      ['s3:Abort*', 's3:DeleteObject*'],
      'Write access that BucketDeployment grants on the console bucket only, to replace the files of the previous build (it grants delete and multipart-abort whether or not pruning is on).',
    );
    acknowledgeWildcardResource(
      role,
      this.bucket.arnForObjects('*'),
      'The upload function writes any object of the console bucket: the bucket holds the console build (and config.json) and nothing else.',
    );
    acknowledgeWildcardResource(
      role,
      build.bucket.arnForObjects('*'),
      'Read access to the CDK bootstrap asset bucket, where `cdk deploy` uploads the zipped console build. BucketDeployment grants it on the whole bucket (Source.bucket calls grantRead) and offers no way to narrow it to the one object; only the upload function assumes this role, and only during deployments.',
    );
    acknowledgeWildcardResource(
      role,
      '*',
      'cloudfront:CreateInvalidation and cloudfront:GetInvalidation on "*" are granted by BucketDeployment itself (not configurable); the function invalidates only the distribution it is given, after each upload.',
    );
    // BucketDeployment runs on one Python function per stack (a singleton), created beside the stack's
    // top-level constructs; its runtime is chosen by aws-cdk-lib.
    for (const child of Stack.of(this).node.children) {
      if (child.node.id.startsWith('Custom::CDKBucketDeployment')) {
        Validations.of(child).acknowledge({
          id: 'AwsSolutions-L1',
          reason:
            "The console upload function's runtime is chosen by aws-cdk-lib's BucketDeployment and cannot be set; it moves with aws-cdk-lib upgrades. The function runs only during deployments.",
        });
      }
    }
    return deployment;
  }
}
