/**
 * Operator CLI: registers WeChat apps, agents and queues.
 *   npm run admin -- app add --app-id wx… --type miniprogram --token … --aes-key … --secret … --format json
 *   npm run admin -- agent add --app-id wx… --username alice --password …
 *   npm run admin -- queue set --app-id wx… --queue-id shop-12 --session-from prefix:shop:12 --hours "mon-fri 09:00-18:00"
 * Works against the local runtime by default (`--data-dir`, default .local); `--stack NAME [--region R]`
 * targets a deployed stack with the caller's AWS credentials.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  agentRegistrationSchema,
  appRegistrationSchema,
  registerAgent,
  registerApp,
} from '../../shared/admin/registration.ts';
import { RegistrationError } from '../../shared/admin/registration-error.ts';
import { summarizeApp } from '../../shared/domain/app.ts';
import { UsernameTakenError } from '../../shared/store/agents-repository.ts';
import { type CliValues, options, singleAppId, UsageError, validated } from './arguments.ts';
import { queueCommands } from './queue-commands.ts';
import { useTarget } from './target.ts';

const usage = `usage:
  npm run admin -- app add --app-id wx… --type miniprogram|official-account --token … [--aes-key …] --secret … --format xml|json [--name …] [--workspace …]
  npm run admin -- agent add --app-id wx… [--app-id wx…] --username … --password … [--display-name …] [--kf-account name@account] [--capacity 5] [--role agent|admin] [--queue ID …]
  npm run admin -- queue set --app-id wx… --queue-id ID [--name …] [--session-from exact|prefix|regex:PATTERN …] [--hours "mon-fri 09:00-18:00; sat 10:00-16:00" | --hours always] [--time-zone Asia/Shanghai]
                             [--welcome TEXT] [--off-hours TEXT] [--keyword exact|contains|regex:PATTERN=>REPLY …] [--human-keyword WORD …] [--inactivity-minutes 30]
  npm run admin -- queue list --app-id wx…
  npm run admin -- queue member add|remove --app-id wx… --queue-id ID --username …
  (repeat a flag marked … to give several; giving it replaces the whole list)
target (default: the local runtime started by npm start):
  --data-dir DIR          the local runtime's data folder (default .local)
  --stack NAME [--region] a deployed stack, with your AWS credentials`;

async function addApp(values: CliValues): Promise<unknown> {
  const appId = singleAppId(values);
  const registration = validated(appRegistrationSchema, {
    appId,
    workspaceId: values.workspace ?? 'default',
    type: values.type,
    name: values.name ?? appId,
    format: values.format,
    token: values.token,
    encodingAesKey: values['aes-key'],
    secret: values.secret,
  });
  // Secrets are stored, never printed back.
  return summarizeApp(await registerApp(registration));
}

async function addAgent(values: CliValues): Promise<unknown> {
  const registration = validated(agentRegistrationSchema, {
    appIds: values['app-id'] ?? [],
    username: values.username,
    password: values.password,
    displayName: values['display-name'],
    kfAccount: values['kf-account'],
    capacity: values.capacity === undefined ? undefined : Number(values.capacity),
    role: values.role,
    queueIds: values.queue,
  });
  return registerAgent(registration);
}

const commands: Record<string, (values: CliValues) => Promise<unknown>> = {
  'app add': addApp,
  'agent add': addAgent,
  ...queueCommands,
};

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options });
  const command = positionals.join(' ');
  if (values.help || !command) {
    console.log(usage);
    return;
  }
  const run = commands[command];
  if (!run) throw new UsageError(`unknown command "${command}"`);
  const where = await useTarget(
    values.stack
      ? { kind: 'stack', stackName: values.stack, region: values.region }
      : { kind: 'local', dataDir: resolve(values['data-dir'] ?? '.local') },
  );
  const result = await run(values);
  console.log(`${command} on ${where}:`);
  console.log(JSON.stringify(result, null, 2));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) console.error(`${error.message}\n\n${usage}`);
  else if (error instanceof RegistrationError || error instanceof UsernameTakenError)
    console.error(error.message);
  else console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
