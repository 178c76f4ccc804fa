/**
 * The production options on one synthesis: fixed egress for WeChat's IP whitelist, own domain names
 * for both APIs and an alarm e-mail. (Their absence is asserted on the default synthesis in
 * stack.test.ts.)
 */
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultManifest } from '../../infra/stack.ts';
import { readAsset, type Synthesized, synthesize } from './synth.ts';

const certificateArn = 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
const m = defaultManifest;
let s: Synthesized;

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
}

let resources: Record<string, Resource>;
let outputs: Record<string, { Value: unknown; Description?: string }>;

function ofType(type: string): [string, Resource][] {
  return Object.entries(resources).filter(([, resource]) => resource.Type === type);
}

function fnLogicalId(name: string): string {
  const fn = s.stack.functions.get(name);
  if (!fn) throw new Error(`no function ${name}`);
  return s.logicalId(fn.function);
}

beforeAll(() => {
  s = synthesize({
    fixedEgress: true,
    apiDomains: {
      certificateArn,
      httpDomainName: 'cs-api.example.com',
      webSocketDomainName: 'cs-ws.example.com',
    },
    alarmEmail: 'ops@example.com',
  });
  resources = s.template.toJSON().Resources as Record<string, Resource>;
  outputs = s.template.toJSON().Outputs as typeof outputs;
});

afterAll(() => s.cleanup());

describe('fixed egress', () => {
  it('puts exactly the functions that call WeChat in the private subnets, behind the security group', () => {
    const egress = s.stack.egress;
    if (!egress) throw new Error('no egress');
    const securityGroup = s.logicalId(egress.securityGroup);
    const privateSubnets = egress.vpc.privateSubnets.map((subnet) => ({ Ref: s.logicalId(subnet) }));
    expect(privateSubnets).toHaveLength(2);
    for (const [name, spec] of Object.entries(m.functions)) {
      const vpcConfig = resources[fnLogicalId(name)]?.Properties.VpcConfig;
      if (spec.callsWeChat) {
        expect(vpcConfig, name).toEqual({
          SubnetIds: privateSubnets,
          SecurityGroupIds: [{ 'Fn::GetAtt': [securityGroup, 'GroupId'] }],
        });
      } else {
        expect(vpcConfig, name).toBeUndefined();
      }
    }
    expect(Object.values(m.functions).filter((spec) => spec.callsWeChat).length).toBeGreaterThan(0);
    expect(Object.values(m.functions).filter((spec) => !spec.callsWeChat).length).toBeGreaterThan(0);
  });

  it('sends their traffic through one NAT gateway holding the retained Elastic IP', () => {
    s.template.resourceCountIs('AWS::EC2::NatGateway', 1);
    s.template.resourceCountIs('AWS::EC2::EIP', 1);
    const [[eipId, eip] = []] = ofType('AWS::EC2::EIP');
    expect(eip?.DeletionPolicy).toBe('Retain');
    s.template.hasResourceProperties('AWS::EC2::NatGateway', {
      AllocationId: { 'Fn::GetAtt': [eipId, 'AllocationId'] },
    });
    const privateRoutes = ofType('AWS::EC2::Route').filter(([, route]) => route.Properties.NatGatewayId);
    expect(privateRoutes).toHaveLength(2);
    for (const [, route] of privateRoutes) expect(route.Properties.DestinationCidrBlock).toBe('0.0.0.0/0');
  });

  it('prints the address with where to paste it in WeChat', () => {
    const [[eipId] = []] = ofType('AWS::EC2::EIP');
    expect(outputs.WeChatEgressIp?.Value).toEqual({ 'Fn::GetAtt': [eipId, 'PublicIp'] });
    expect(outputs.WeChatEgressIp?.Description).toContain('IP白名单');
  });

  it('reaches DynamoDB and S3 through gateway endpoints, not the NAT', () => {
    const endpoints = ofType('AWS::EC2::VPCEndpoint').map(([, endpoint]) =>
      JSON.stringify(endpoint.Properties),
    );
    expect(endpoints).toHaveLength(2);
    expect(endpoints.some((endpoint) => endpoint.includes('.dynamodb'))).toBe(true);
    expect(endpoints.some((endpoint) => endpoint.includes('.s3'))).toBe(true);
    for (const endpoint of ofType('AWS::EC2::VPCEndpoint')) {
      expect(endpoint[1].Properties.VpcEndpointType).toBe('Gateway');
    }
  });

  it('allows only outbound HTTPS (and HTTP, for picture links) and no inbound traffic', () => {
    const groups = ofType('AWS::EC2::SecurityGroup');
    expect(groups).toHaveLength(1);
    const properties = groups[0]?.[1].Properties ?? {};
    expect(properties.SecurityGroupIngress).toBeUndefined();
    expect(properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
      expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 80, ToPort: 80 }),
    ]);
  });

  it('lets the VPC functions’ roles manage their network interfaces', () => {
    for (const [name, spec] of Object.entries(m.functions)) {
      const role = s.stack.functions.get(name)?.role;
      const policy = role?.node.tryFindChild('DefaultPolicy');
      const statements = JSON.stringify(policy ? resources[s.logicalId(policy)]?.Properties : {});
      expect(statements.includes('ec2:CreateNetworkInterface'), name).toBe(Boolean(spec.callsWeChat));
    }
  });

  it('logs rejected traffic of the VPC', () => {
    s.template.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'REJECT' });
  });
});

describe('API domain names', () => {
  it('maps each API’s stage to its own name, TLS 1.2, with the regional certificate', () => {
    for (const domainName of ['cs-api.example.com', 'cs-ws.example.com']) {
      s.template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
        DomainName: domainName,
        DomainNameConfigurations: [
          Match.objectLike({
            CertificateArn: certificateArn,
            EndpointType: 'REGIONAL',
            SecurityPolicy: 'TLS_1_2',
          }),
        ],
      });
    }
    const mappings = ofType('AWS::ApiGatewayV2::ApiMapping').map(([, mapping]) => mapping.Properties);
    expect(mappings).toHaveLength(2);
    expect(mappings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ApiId: { Ref: s.logicalId(s.stack.httpApi.api) },
          Stage: '$default',
        }),
        expect.objectContaining({
          ApiId: { Ref: s.logicalId(s.stack.webSocketApi.api) },
          Stage: 'prod',
        }),
      ]),
    );
  });

  it('gives the callback URL, the API URLs and the DNS targets on those names', () => {
    expect(JSON.stringify(outputs.WeChatCallbackBaseUrl?.Value)).toContain(
      'https://cs-api.example.com/wechat/',
    );
    expect(JSON.stringify(outputs.WeChatCallbackBaseUrl?.Value)).not.toContain('ApiEndpoint');
    expect(JSON.stringify(outputs.HttpApiUrl?.Value)).toContain('https://cs-api.example.com');
    expect(JSON.stringify(outputs.WebSocketUrl?.Value)).toContain('wss://cs-ws.example.com');
    for (const key of ['HttpApiDomainTarget', 'WebSocketDomainTarget']) {
      expect(JSON.stringify(outputs[key]?.Value), key).toContain('RegionalDomainName');
    }
  });

  it('tells the console to use them', () => {
    const keys = ofType('Custom::CDKBucketDeployment')[0]?.[1].Properties.SourceObjectKeys as string[];
    const config = readAsset(s.assembly, `asset.${keys[1]?.replace(/\.zip$/, '')}/config.json`);
    expect(JSON.parse(config ?? '{}')).toEqual({
      httpApiUrl: 'https://cs-api.example.com',
      webSocketUrl: 'wss://cs-ws.example.com',
    });
  });
});

describe('alarm e-mail', () => {
  it('subscribes the address to the alarm topic', () => {
    s.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: { Ref: s.logicalId(s.stack.monitoring.topic) },
    });
  });
});

describe('cdk-nag', () => {
  it('leaves no unacknowledged finding with every option on', () => {
    expect(s.nag.violations.map((violation) => violation.ruleName)).toEqual([]);
  });
});
