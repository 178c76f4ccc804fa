/**
 * One fixed public address for the functions that call WeChat's server API, for apps whose IP
 * whitelist (IP白名单) is on: WeChat answers `cgi-bin/token` and `stable_token` (and, with the
 * whitelist on, every server API call) from an address not on it with 40164 or 61004, and Lambda's
 * own egress addresses change. A VPC with private subnets in two zones routes their traffic through
 * one NAT gateway holding an Elastic IP. DynamoDB and S3 are reached through gateway endpoints
 * (free), so only WeChat, Secrets Manager, SQS, DynamoDB Streams (the redrive) and API Gateway's
 * `@connections` go through the NAT.
 *
 * One NAT gateway, not one per zone: a zone outage stops sends to WeChat until it recovers, where a
 * second gateway would double the monthly price and need a second whitelisted address.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import {
  CfnEIP,
  FlowLogDestination,
  FlowLogTrafficType,
  GatewayVpcEndpointAwsService,
  IpAddresses,
  NatProvider,
  Peer,
  Port,
  SecurityGroup,
  type SubnetSelection,
  SubnetType,
  Vpc,
} from 'aws-cdk-lib/aws-ec2';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface FixedEgressProps {
  readonly logRetention: RetentionDays;
}

export class FixedEgress extends Construct {
  readonly vpc: Vpc;
  /** The address WeChat sees: what goes into each app's IP whitelist. */
  readonly address: CfnEIP;
  /** Outbound only: nothing ever connects to the functions. */
  readonly securityGroup: SecurityGroup;
  readonly subnets: SubnetSelection = { subnetType: SubnetType.PRIVATE_WITH_EGRESS };

  constructor(scope: Construct, id: string, props: FixedEgressProps) {
    super(scope, id);

    this.address = new CfnEIP(this, 'Address', { domain: 'vpc' });
    // The address is pasted into every app's settings in WeChat: a stack update must not replace it.
    this.address.applyRemovalPolicy(RemovalPolicy.RETAIN);

    this.vpc = new Vpc(this, 'Vpc', {
      ipAddresses: IpAddresses.cidr('10.42.0.0/16'),
      maxAzs: 2,
      natGateways: 1,
      natGatewayProvider: NatProvider.gateway({ eipAllocationIds: [this.address.attrAllocationId] }),
      subnetConfiguration: [
        { name: 'Public', subnetType: SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'Functions', subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
      ],
      gatewayEndpoints: {
        DynamoDb: { service: GatewayVpcEndpointAwsService.DYNAMODB },
        S3: { service: GatewayVpcEndpointAwsService.S3 },
      },
    });

    // Rejected traffic only: nothing should be refused in a VPC whose functions only call out, so any
    // line here is worth a look, and accepted traffic (every WeChat call) would cost for no insight.
    const flowLogs = new LogGroup(this, 'RejectedTrafficLogs', { retention: props.logRetention });
    this.vpc.addFlowLog('RejectedTraffic', {
      trafficType: FlowLogTrafficType.REJECT,
      destination: FlowLogDestination.toCloudWatchLogs(flowLogs),
    });

    this.securityGroup = new SecurityGroup(this, 'Functions', {
      vpc: this.vpc,
      description: 'Functions that call WeChat: outbound HTTP(S) only, no inbound',
      allowAllOutbound: false,
    });
    // WeChat's API, the AWS APIs and the gateway endpoints are HTTPS, at addresses with no fixed ranges;
    // a customer picture's PicUrl (the fallback when media/get fails) may be plain HTTP.
    this.securityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443), 'HTTPS to WeChat and AWS APIs');
    this.securityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(80), "HTTP to WeChat's picture links");
  }
}
