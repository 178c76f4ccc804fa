/**
 * Own domain names for the HTTP API (WeChat's callback URL and the console's REST calls) and the
 * WebSocket API, so that the URL pasted into WeChat's console outlives the stack: a new stack (or an
 * API recreated) is mapped to the same name. The certificate is a regional ACM certificate in the
 * stack's region covering both names (a wildcard, or one with both names); each name's DNS record
 * (CNAME, or a Route 53 alias) points at the target the stack outputs.
 */

import {
  ApiMapping,
  DomainName,
  type HttpApi,
  type HttpStage,
  SecurityPolicy,
  type WebSocketApi,
  type WebSocketStage,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { Construct } from 'constructs';

export interface ApiDomainNames {
  /** ARN of a regional ACM certificate (in the stack's region) valid for the names below. */
  readonly certificateArn: string;
  /** e.g. `cs-api.example.com`: the callback URL becomes `https://cs-api.example.com/wechat/<app id>`. */
  readonly httpDomainName?: string;
  /** e.g. `cs-ws.example.com`: the console connects to `wss://cs-ws.example.com`. */
  readonly webSocketDomainName?: string;
}

export interface ApiDomainsProps {
  readonly names: ApiDomainNames;
  readonly http: { readonly api: HttpApi; readonly stage: HttpStage };
  readonly webSocket: { readonly api: WebSocketApi; readonly stage: WebSocketStage };
}

export class ApiDomains extends Construct {
  readonly http?: DomainName;
  readonly webSocket?: DomainName;
  private readonly names: ApiDomainNames;

  constructor(scope: Construct, id: string, props: ApiDomainsProps) {
    super(scope, id);
    this.names = props.names;
    const certificate = Certificate.fromCertificateArn(this, 'Certificate', props.names.certificateArn);
    if (props.names.httpDomainName) {
      this.http = new DomainName(this, 'Http', {
        domainName: props.names.httpDomainName,
        certificate,
        securityPolicy: SecurityPolicy.TLS_1_2,
      });
      new ApiMapping(this, 'HttpMapping', {
        api: props.http.api,
        domainName: this.http,
        stage: props.http.stage,
      });
    }
    if (props.names.webSocketDomainName) {
      this.webSocket = new DomainName(this, 'WebSocket', {
        domainName: props.names.webSocketDomainName,
        certificate,
        securityPolicy: SecurityPolicy.TLS_1_2,
      });
      new ApiMapping(this, 'WebSocketMapping', {
        api: props.webSocket.api,
        domainName: this.webSocket,
        stage: props.webSocket.stage,
      });
    }
  }

  /** `https://<name>` when the HTTP API has one. */
  get httpUrl(): string | undefined {
    return this.names.httpDomainName ? `https://${this.names.httpDomainName}` : undefined;
  }

  /** `wss://<name>` when the WebSocket API has one (its stage is mapped at the root). */
  get webSocketUrl(): string | undefined {
    return this.names.webSocketDomainName ? `wss://${this.names.webSocketDomainName}` : undefined;
  }
}
