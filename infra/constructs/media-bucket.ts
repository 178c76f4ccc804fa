/**
 * Pictures, voices and videos: agents' uploads and our copies of customers' media. Private; consoles
 * see objects only through short-lived presigned links that the functions hand out. The console
 * reads a voice's bytes itself (to decode AMR, which browsers do not play) and puts a large video
 * through an upload link, so its origin may GET and PUT (with the signed content type).
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { draftLifetimeDays, draftsPrefix } from '../../shared/media/upload-key.ts';
import type { TableAccess } from '../manifest.ts';
import { acknowledgeWildcardResource } from './nag.ts';

export interface MediaBucketProps {
  readonly accessLogs: IBucket;
  /** Where the console is served: the one origin whose scripts may read the media links. */
  readonly consoleOrigin: string;
}

export class MediaBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: MediaBucketProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'media/',
      lifecycleRules: [
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
        // What an agent uploaded and never sent (shared/media/upload-key.ts); a send keeps its own copy.
        { prefix: draftsPrefix, expiration: Duration.days(draftLifetimeDays) },
      ],
      cors: [
        {
          allowedMethods: [HttpMethods.GET, HttpMethods.PUT],
          allowedOrigins: [props.consoleOrigin],
          allowedHeaders: ['content-type'],
          maxAge: 3600,
        },
      ],
      // Conversation history refers to these pictures; deleting the stack must not delete them.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * Object reads (and writes) only: functions never list, delete or configure the bucket, so the
   * broad `grantRead`/`grantReadWrite` action sets are not used.
   */
  grant(grantee: IGrantable, access: TableAccess, acknowledgeOn: Construct): void {
    const objects = this.bucket.arnForObjects('*');
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: access === 'readWrite' ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'],
        resources: [objects],
      }),
    );
    acknowledgeWildcardResource(
      acknowledgeOn,
      objects,
      'Object keys are generated per upload and per received picture (drafts/<workspace>/<id>, ' +
        'uploads/<workspace>/<id>, ' +
        'inbound/<app>/<conversation>/<message>), so they cannot be listed in a policy; the grant is ' +
        'limited to reading and writing objects of the media bucket, nothing else.',
    );
  }
}
