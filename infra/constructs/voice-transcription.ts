/**
 * Machine transcripts of customers' voices: the functions that start Amazon Transcribe jobs get the
 * deployment's job-name prefix and the right to start jobs, and an EventBridge rule hands this
 * deployment's finished jobs (and no other stack's) to the function that records the transcript.
 * Nothing here costs anything until an app turns machine transcripts on.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { LambdaFunction as ProjectFunction } from './lambda-function.ts';
import { acknowledgeWildcardResource } from './nag.ts';

export interface VoiceTranscriptionProps {
  /** Functions that start jobs (behind the message log's stream). */
  readonly starters: readonly ProjectFunction[];
  /** The function the finished jobs go to. */
  readonly finisher: ProjectFunction;
  /** The environment variable that carries the job-name prefix. */
  readonly jobPrefixEnv: string;
}

export class VoiceTranscription extends Construct {
  /** Transcribe's job names are shared by the account and region: the stack's name keeps ours apart. */
  readonly jobPrefix: string;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: VoiceTranscriptionProps) {
    super(scope, id);
    this.jobPrefix = `${Stack.of(this).stackName}-voice-`;
    for (const starter of props.starters) {
      starter.function.addEnvironment(props.jobPrefixEnv, this.jobPrefix);
      starter.function.addToRolePolicy(
        new PolicyStatement({ actions: ['transcribe:StartTranscriptionJob'], resources: ['*'] }),
      );
      acknowledgeWildcardResource(
        starter,
        '*',
        'transcribe:StartTranscriptionJob names no resource a policy could list (the job does not exist ' +
          'before the call); Transcribe reads the voice and writes its output with the caller’s own, ' +
          'object-scoped rights on the media bucket.',
      );
    }
    props.finisher.function.addEnvironment(props.jobPrefixEnv, this.jobPrefix);
    this.rule = new Rule(this, 'JobFinished', {
      description: 'Amazon Transcribe jobs of this stack on customers’ voices, finished or failed',
      eventPattern: {
        source: ['aws.transcribe'],
        detailType: ['Transcribe Job State Change'],
        detail: {
          TranscriptionJobName: Match.prefix(this.jobPrefix),
          TranscriptionJobStatus: ['COMPLETED', 'FAILED'],
        },
      },
      targets: [
        new LambdaFunction(props.finisher.function, { retryAttempts: 8, maxEventAge: Duration.hours(2) }),
      ],
    });
  }
}
