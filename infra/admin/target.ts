import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { type TableId, tables } from '../../shared/store/tables.ts';

export type Target =
  | { kind: 'local'; dataDir: string }
  | { kind: 'stack'; stackName: string; region?: string };

interface RuntimeFile {
  dynamodbEndpoint: string;
  tableNames: Record<TableId, string>;
  consoleUrl?: string;
  httpUrl?: string;
}

export interface TargetInUse {
  /** Where the commands act, in words. */
  where: string;
  /** The agent console's address, for invitation links (when known). */
  consoleUrl?: string;
  /** WeChat's callback URL without the app id (`…/wechat/`), when known. */
  callbackBaseUrl?: string;
}

/**
 * Points the store at the chosen deployment through the same environment variables the functions
 * read: the local runtime's DynamoDB Local, or a deployed stack's tables with the caller's AWS
 * credentials.
 */
export async function useTarget(target: Target): Promise<TargetInUse> {
  if (target.kind === 'local') {
    const file = resolve(target.dataDir, 'runtime.json');
    let runtime: RuntimeFile;
    try {
      runtime = JSON.parse(await readFile(file, 'utf8')) as RuntimeFile;
    } catch {
      throw new Error(`cannot read ${file}: start the local runtime with \`npm start\` first`);
    }
    process.env.AWS_ENDPOINT_URL_DYNAMODB = runtime.dynamodbEndpoint;
    process.env.AWS_REGION ??= 'us-east-1';
    process.env.AWS_ACCESS_KEY_ID ??= 'local';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
    for (const table of tables) process.env[table.envVar] = runtime.tableNames[table.id];
    return {
      where: `local runtime (${runtime.dynamodbEndpoint})`,
      consoleUrl: runtime.consoleUrl,
      ...(runtime.httpUrl ? { callbackBaseUrl: `${runtime.httpUrl}/wechat/` } : {}),
    };
  }
  const client = new CloudFormationClient(target.region ? { region: target.region } : {});
  const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: target.stackName }));
  const outputs = new Map(
    (Stacks?.[0]?.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]),
  );
  for (const table of tables) {
    const name = outputs.get(table.outputKey);
    if (!name) throw new Error(`stack ${target.stackName} has no output ${table.outputKey}`);
    process.env[table.envVar] = name;
  }
  if (target.region) process.env.AWS_REGION = target.region;
  return {
    where: `stack ${target.stackName}`,
    consoleUrl: outputs.get('ConsoleUrl'),
    callbackBaseUrl: outputs.get('WeChatCallbackBaseUrl'),
  };
}
