/**
 * The HTTP API (WeChat callbacks and the console's REST calls): one route per manifest entry, Lambda
 * proxy integrations with payload format 2.0, CORS for the console, and a `$default` stage with
 * throttling and JSON access logs.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
  PayloadFormatVersion,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { HttpMethod as ManifestHttpMethod } from '../manifest.ts';

export interface HttpRouteProps {
  readonly method: ManifestHttpMethod;
  readonly path: string;
  readonly function: string;
  /** Route-level metrics (5xx, latency by route): for the routes that are alarmed on. */
  readonly detailedMetrics?: boolean;
}

export interface HttpApiCors {
  readonly allowOrigins: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly allowMethods: readonly ManifestHttpMethod[];
  readonly maxAgeSeconds: number;
}

export interface ManifestHttpApiProps {
  readonly apiName: string;
  readonly routes: readonly HttpRouteProps[];
  readonly cors: HttpApiCors;
  /** Resolves a manifest function name to its Lambda. */
  readonly functionNamed: (name: string) => IFunction;
  readonly throttle: ThrottleSettings;
  readonly logRetention: RetentionDays;
}

/**
 * Access log fields: who called what and how it ended. Headers, query strings and bodies are left
 * out (WeChat's signature parameters and the console's bearer token travel there).
 */
const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    ip: '$context.identity.sourceIp',
    requestTime: '$context.requestTime',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationStatus: '$context.integrationStatus',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    userAgent: '$context.identity.userAgent',
  }),
);

export class ManifestHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  /** `https://{id}.execute-api.{region}.amazonaws.com`, no trailing slash (the `$default` stage has no path). */
  readonly endpoint: string;
  /** The route keys (`POST /wechat/{appId}`) whose own metrics API Gateway publishes. */
  readonly detailedMetricsRoutes: string[] = [];

  constructor(scope: Construct, id: string, props: ManifestHttpApiProps) {
    super(scope, id);

    this.api = new HttpApi(this, 'Api', {
      apiName: props.apiName,
      // The stage is declared below, with throttling and access logs.
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...props.cors.allowOrigins],
        allowHeaders: [...props.cors.allowHeaders],
        allowMethods: props.cors.allowMethods.map((method) => CorsHttpMethod[method]),
        maxAge: Duration.seconds(props.cors.maxAgeSeconds),
      },
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: accessLogFormat },
    });
    this.endpoint = this.api.apiEndpoint;

    // One integration per function, shared by all of its routes.
    const integrations = new Map<string, HttpLambdaIntegration>();
    const integrationFor = (name: string): HttpLambdaIntegration => {
      let integration = integrations.get(name);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${name}Integration`, props.functionNamed(name), {
          payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
        });
        integrations.set(name, integration);
      }
      return integration;
    };

    for (const route of props.routes) {
      const [created] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrationFor(route.function),
      });
      if (!created) throw new Error(`no route was created for ${route.method} ${route.path}`);
      if (route.detailedMetrics) {
        this.detailedMetricsRoutes.push(`${route.method} ${route.path}`);
        // A stage's route settings name routes that must already exist.
        this.stage.node.addDependency(created);
      }
      Validations.of(created).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          `${route.method} ${route.path} is authenticated by its function, not by API Gateway: WeChat ` +
          "callbacks carry WeChat's signature over the app's token (checked before anything is " +
          'written), console calls carry a bearer JWT checked by shared/http/authenticate.ts, and ' +
          'the login route is the step that issues that JWT. An API Gateway authorizer could not check ' +
          "the WeChat signature (it needs the app's token from DynamoDB) and would add a second Lambda " +
          'call to the 5-second callback budget.',
      });
    }
    if (this.detailedMetricsRoutes.length > 0) {
      (this.stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(
        this.detailedMetricsRoutes.map((routeKey) => [routeKey, { DetailedMetricsEnabled: true }]),
      );
    }
  }
}
