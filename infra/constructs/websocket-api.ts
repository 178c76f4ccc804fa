/**
 * The WebSocket API the console keeps open: routes from the manifest, a Lambda REQUEST authorizer on
 * `$connect` that reads the token from the query string (browsers cannot set headers on
 * `new WebSocket()`), and one stage with throttling and access logs.
 */
import { Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  LogGroupLogDestination,
  type ThrottleSettings,
  WebSocketApi,
  WebSocketStage,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface WebSocketRouteProps {
  readonly routeKey: string;
  readonly function: string;
  readonly returnResponse?: boolean;
}

export interface ManifestWebSocketApiProps {
  readonly apiName: string;
  readonly stageName: string;
  readonly routeSelectionExpression: string;
  readonly authorizer: { readonly function: string; readonly queryParameter: string };
  readonly routes: readonly WebSocketRouteProps[];
  readonly functionNamed: (name: string) => IFunction;
  readonly throttle: ThrottleSettings;
  readonly logRetention: RetentionDays;
}

/**
 * Access log fields. The query string is deliberately absent: it carries the agent's token.
 */
const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    ip: '$context.identity.sourceIp',
    requestTime: '$context.requestTime',
    eventType: '$context.eventType',
    routeKey: '$context.routeKey',
    connectionId: '$context.connectionId',
    status: '$context.status',
    authorizerError: '$context.authorizer.error',
    integrationLatency: '$context.integrationLatency',
    error: '$context.error.message',
  }),
);

export class ManifestWebSocketApi extends Construct {
  readonly api: WebSocketApi;
  readonly stage: WebSocketStage;

  constructor(scope: Construct, id: string, props: ManifestWebSocketApiProps) {
    super(scope, id);

    this.api = new WebSocketApi(this, 'Api', {
      apiName: props.apiName,
      routeSelectionExpression: props.routeSelectionExpression,
    });

    const authorizer = new WebSocketLambdaAuthorizer(
      'ConnectAuthorizer',
      props.functionNamed(props.authorizer.function),
      { identitySource: [`route.request.querystring.${props.authorizer.queryParameter}`] },
    );

    const integrations = new Map<string, WebSocketLambdaIntegration>();
    const integrationFor = (name: string): WebSocketLambdaIntegration => {
      let integration = integrations.get(name);
      if (!integration) {
        integration = new WebSocketLambdaIntegration(`${name}Integration`, props.functionNamed(name));
        integrations.set(name, integration);
      }
      return integration;
    };

    for (const route of props.routes) {
      const isConnect = route.routeKey === '$connect';
      const created = this.api.addRoute(route.routeKey, {
        integration: integrationFor(route.function),
        // API Gateway accepts an authorizer on $connect only.
        ...(isConnect ? { authorizer } : {}),
        ...(route.returnResponse ? { returnResponse: true } : {}),
      });
      if (!isConnect) {
        Validations.of(created).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            `${route.routeKey} runs on a socket that was authorized once, at $connect, by the ` +
            `${props.authorizer.function} authorizer; API Gateway allows authorizers on the $connect ` +
            'route only, and every later frame arrives on that authorized connection.',
        });
      }
    }

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention });
    this.stage = new WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: props.stageName,
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: accessLogFormat },
    });
  }

  /** `wss://{id}.execute-api.{region}.amazonaws.com/{stage}`: what the console connects to. */
  get url(): string {
    return this.stage.url;
  }

  /** `https://…/{stage}`: the `@connections` endpoint the dispatcher posts frames to. */
  get callbackUrl(): string {
    return this.stage.callbackUrl;
  }
}
