/** A periodic invocation of a function: an EventBridge rule with a fixed rate. */
import { Duration } from 'aws-cdk-lib';
import { Schedule as EventsSchedule, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export interface ScheduleProps {
  readonly function: IFunction;
  /** A whole number of minutes, in seconds: EventBridge rates have a one-minute granularity. */
  readonly rateSeconds: number;
}

export class Schedule extends Construct {
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: ScheduleProps) {
    super(scope, id);
    if (!Number.isInteger(props.rateSeconds / 60) || props.rateSeconds < 60) {
      throw new Error(
        `schedule ${id}: rateSeconds must be a whole number of minutes (EventBridge rates have a ` +
          `one-minute granularity), got ${props.rateSeconds}`,
      );
    }
    this.rule = new Rule(this, 'Rule', {
      schedule: EventsSchedule.rate(Duration.minutes(props.rateSeconds / 60)),
      // A missed tick is covered by the next one: retry briefly, never pile up old ticks.
      targets: [new LambdaFunction(props.function, { retryAttempts: 2, maxEventAge: Duration.minutes(5) })],
    });
  }
}
