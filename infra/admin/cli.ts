/**
 * Operator CLI: registers WeChat apps and agents.
 *   npm run admin -- app add --app-id wx… --type miniprogram --token … --aes-key … --secret … --format json
 *   npm run admin -- agent add --app-id wx… --username alice --password …
 * Works against the local runtime by default (`--data-dir`, default .local); `--stack NAME [--region R]`
 * targets a deployed stack with the caller's AWS credentials.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { summarizeApp } from '../../shared/domain/app.ts';
import { UsernameTakenError } from '../../shared/store/agents-repository.ts';
import {
  agentRegistrationSchema,
  appRegistrationSchema,
  RegistrationError,
  registerAgent,
  registerApp,
} from '../../shared/store/registration.ts';
import { useTarget } from './target.ts';

const usage = `usage:
  npm run admin -- app add --app-id wx… --type miniprogram|official-account --token … [--aes-key …] --secret … --format xml|json [--name …] [--workspace …]
  npm run admin -- agent add --app-id wx… [--app-id wx…] --username … --password … [--display-name …] [--kf-account name@account] [--capacity 5]
target (default: the local runtime started by npm start):
  --data-dir DIR          the local runtime's data folder (default .local)
  --stack NAME [--region] a deployed stack, with your AWS credentials`;

class UsageError extends Error {}

function validated<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  --${flagOf(issue.path.join('.'))}: ${issue.message}`);
  throw new UsageError(`invalid arguments:\n${lines.join('\n')}`);
}

const flagNames: Record<string, string> = {
  appId: 'app-id',
  appIds: 'app-id',
  encodingAesKey: 'aes-key',
  workspaceId: 'workspace',
  displayName: 'display-name',
  kfAccount: 'kf-account',
};

function flagOf(path: string): string {
  const field = path.split('.')[0] ?? path;
  return flagNames[field] ?? field;
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'app-id': { type: 'string', multiple: true },
      type: { type: 'string' },
      token: { type: 'string' },
      'aes-key': { type: 'string' },
      secret: { type: 'string' },
      format: { type: 'string' },
      name: { type: 'string' },
      workspace: { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      'display-name': { type: 'string' },
      'kf-account': { type: 'string' },
      capacity: { type: 'string' },
      'data-dir': { type: 'string' },
      stack: { type: 'string' },
      region: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals.join(' ');
  if (values.help || !command) {
    console.log(usage);
    return;
  }
  if (command !== 'app add' && command !== 'agent add') throw new UsageError(`unknown command "${command}"`);

  const where = await useTarget(
    values.stack
      ? { kind: 'stack', stackName: values.stack, region: values.region }
      : { kind: 'local', dataDir: resolve(values['data-dir'] ?? '.local') },
  );

  if (command === 'app add') {
    const appIds = values['app-id'] ?? [];
    if (appIds.length !== 1) throw new UsageError('give exactly one --app-id');
    const registration = validated(appRegistrationSchema, {
      appId: appIds[0],
      workspaceId: values.workspace ?? 'default',
      type: values.type,
      name: values.name ?? appIds[0],
      format: values.format,
      token: values.token,
      encodingAesKey: values['aes-key'],
      secret: values.secret,
    });
    const app = await registerApp(registration);
    // Secrets are stored, never printed back.
    console.log(`app saved on ${where}:`);
    console.log(JSON.stringify(summarizeApp(app), null, 2));
    return;
  }

  const registration = validated(agentRegistrationSchema, {
    appIds: values['app-id'] ?? [],
    username: values.username,
    password: values.password,
    displayName: values['display-name'],
    kfAccount: values['kf-account'],
    capacity: values.capacity === undefined ? undefined : Number(values.capacity),
  });
  const agent = await registerAgent(registration);
  console.log(`agent created on ${where}:`);
  console.log(JSON.stringify(agent, null, 2));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) console.error(`${error.message}\n\n${usage}`);
  else if (error instanceof RegistrationError || error instanceof UsernameTakenError)
    console.error(error.message);
  else console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
