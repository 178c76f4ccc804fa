/**
 * Operator CLI: registers workspaces, WeChat apps, agents, queues and quick replies.
 *   npm run admin -- workspace add --workspace acme --owner alice          (password typed at the prompt)
 *   npm run admin -- app add --app-id wx… --type miniprogram --token … --aes-key … --secret … --format json
 *   npm run admin -- agent add --app-id wx… --username bob                 (password typed, or --invite)
 *   npm run admin -- queue set --app-id wx… --queue-id shop-12 --session-from prefix:shop:12 --hours "mon-fri 09:00-18:00"
 *   npm run admin -- quick-reply add --app-id wx… --queue-id shop-12 --title 发货时间 --text "下单后 48 小时内发货。"
 * Works against the local runtime by default (`--data-dir`, default .local); `--stack NAME [--region R]`
 * targets a deployed stack with the caller's AWS credentials. Passwords are never command-line
 * arguments: they are typed without echo, or piped in with `--password-stdin`.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as z from 'zod/mini';
import { menuKeysText } from '../../shared/admin/app-administration.ts';
import { auditAction } from '../../shared/admin/audit-trail.ts';
import {
  appRegistrationSchema,
  distinctLinked,
  linkedIssue,
  linkedMiniProgramsSchema,
  linksOnlyIfOfficialAccount,
  registerApp,
} from '../../shared/admin/registration.ts';
import { RegistrationError } from '../../shared/admin/registration-error.ts';
import { summarizeApp, type WeChatApp } from '../../shared/domain/app.ts';
import { menuKeyRulesSchema } from '../../shared/domain/menu-keys-schema.ts';
import { UsernameTakenError } from '../../shared/store/agents-repository.ts';
import { getApp, saveApp } from '../../shared/store/apps-repository.ts';
import { listEarlierServedConversations } from '../../shared/store/serving-index.ts';
import { agentCommands } from './agent-commands.ts';
import { type CliValues, options, singleAppId, UsageError, validated } from './arguments.ts';
import { type CliContext, operatorIn } from './operator.ts';
import { queueCommands } from './queue-commands.ts';
import { quickReplyCommands } from './quick-reply-commands.ts';
import { useTarget } from './target.ts';
import { workspaceCommands } from './workspace-commands.ts';

const usage = `usage:
  npm run admin -- workspace add --workspace ID --owner USERNAME [--name …] [--display-name …] [--password-stdin]
  npm run admin -- app add --app-id wx… --type miniprogram|official-account --token … [--aes-key …] --secret … --format xml|json [--name …] [--workspace …] [--linked-miniprogram wx… …]
  npm run admin -- app set --app-id wx… [--linked-miniprogram wx… …] [--menu-key contact:KEY[=>TEXT] | reply:KEY=>TEXT …]
                           (an Official Account's linked Mini Programs and menu keys; "none" removes them)
  npm run admin -- agent add --app-id wx… [--app-id wx…] --username … [--invite | --password-stdin] [--display-name …] [--kf-account name@account] [--capacity 5] [--role agent|admin|owner] [--queue ID …] [--workspace …]
  npm run admin -- agent list [--workspace …]
  npm run admin -- agent set --username … [--role agent|admin|owner] [--capacity N] [--display-name …] [--kf-account name@account] [--app-id wx… …] [--queue ID …]
  npm run admin -- agent reset-password --username … [--invite | --password-stdin]
  npm run admin -- agent disable|enable --username …
  npm run admin -- queue set --app-id wx… --queue-id ID [--name …] [--session-from exact|prefix|regex:PATTERN …] [--qr-scene exact|prefix|regex:SCENE …] [--hours "mon-fri 09:00-18:00; sat 10:00-16:00" | --hours always] [--time-zone Asia/Shanghai]
                             [--welcome TEXT] [--off-hours TEXT] [--pick-up TEXT] [--closing TEXT] [--survey QUESTION] [--survey-thanks TEXT] [--keyword exact|contains|regex:PATTERN=>REPLY …] [--human-keyword WORD …] [--inactivity-minutes 30]
                             [--first-response-minutes N] [--next-response-minutes N] [--reassign-after-minutes N]
  npm run admin -- queue list --app-id wx…
  npm run admin -- queue delete --app-id wx… --queue-id ID
  npm run admin -- queue member add|remove --app-id wx… --queue-id ID --username …
  npm run admin -- quick-reply add [--workspace … | --app-id wx… --queue-id ID | --username …] --text TEXT [--title TITLE]
                   [--menu-option ID=TEXT … [--menu-tail TEXT]]   (a saved menu: TEXT is its question)
  npm run admin -- quick-reply list [--workspace … | --app-id wx… --queue-id ID | --username …]
  npm run admin -- quick-reply remove --id ID
  npm run admin -- upgrade      (once after updating a deployment: brings its stored items up to this version)
  (repeat a flag marked … to give several; giving it replaces the whole list)
passwords: typed at the prompt (not shown), or the first line of standard input with --password-stdin;
  a password typed for someone else is an initial one, to be changed at their first sign-in;
  --invite prints a one-time invitation link (valid 72 hours) instead
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
    ...(values['linked-miniprogram'] ? { linkedMiniPrograms: linkedMiniProgramsOf(values) } : {}),
  });
  const existed = await getApp(appId);
  const app = await registerApp(registration);
  await auditAction(operatorIn(app.workspaceId), {
    kind: existed ? 'app.changed' : 'app.added',
    target: { type: 'app', id: app.appId, name: app.name },
    summary: `${existed ? 'replaced the settings of' : 'added'} the ${app.type} ${app.appId} (${app.name})`,
  });
  // Secrets are stored, never printed back.
  return summarizeApp(app);
}

/** `--linked-miniprogram` given once as `none` means no linked Mini Program at all. */
function linkedMiniProgramsOf(values: CliValues): string[] {
  const given = values['linked-miniprogram'] ?? [];
  return given.length === 1 && given[0] === 'none' ? [] : given;
}

/** `--menu-key ACTION:KEY[=>REPLY]` (`contact:CONTACT_KF`, `reply:HOURS=>9:00–18:00`); `none` removes all. */
function menuKeysOf(values: CliValues): unknown[] | undefined {
  const given = values['menu-key'];
  if (given === undefined) return undefined;
  if (given.length === 1 && given[0] === 'none') return [];
  return given.map((value) => {
    const colon = value.indexOf(':');
    if (colon <= 0) throw new UsageError(`--menu-key ${value}: write it as contact:KEY or reply:KEY=>TEXT`);
    const rest = value.slice(colon + 1);
    const arrow = rest.indexOf('=>');
    return {
      action: value.slice(0, colon),
      key: arrow < 0 ? rest : rest.slice(0, arrow),
      ...(arrow < 0 ? {} : { reply: rest.slice(arrow + 2) }),
    };
  });
}

/**
 * `app set`: the Mini Programs linked to an Official Account in WeChat (关联小程序), the only ones its
 * Mini Program cards may open, and what its menu buttons mean to customer service. Each list given
 * is replaced whole.
 */
async function setApp(values: CliValues): Promise<unknown> {
  const appId = singleAppId(values);
  if (!values['linked-miniprogram'] && !values['menu-key']) {
    throw new UsageError('give --linked-miniprogram wx… (or none) and/or --menu-key contact:KEY … (or none)');
  }
  const given = validated(
    z.object({
      linkedMiniPrograms: z.optional(linkedMiniProgramsSchema),
      menuKeys: z.optional(menuKeyRulesSchema),
    }),
    {
      linkedMiniPrograms: values['linked-miniprogram'] ? linkedMiniProgramsOf(values) : undefined,
      menuKeys: menuKeysOf(values),
    },
  );
  const before = await getApp(appId);
  if (!before) throw new RegistrationError(`no such app: ${appId}`, 'missing');
  const after: WeChatApp = {
    ...before,
    ...(given.linkedMiniPrograms ? { linkedMiniPrograms: distinctLinked(given.linkedMiniPrograms) } : {}),
    ...(given.menuKeys ? { menuKeys: given.menuKeys } : {}),
  };
  if (!after.linkedMiniPrograms) delete after.linkedMiniPrograms;
  if (after.menuKeys?.length === 0) delete after.menuKeys;
  if (!linksOnlyIfOfficialAccount(after))
    throw new UsageError(`--linked-miniprogram: ${linkedIssue.message}`);
  await saveApp(after);
  const changes: Record<string, { from: string; to: string }> = {};
  const linkedFrom = (before.linkedMiniPrograms ?? []).join(', ') || 'none';
  const linkedTo = (after.linkedMiniPrograms ?? []).join(', ') || 'none';
  if (linkedFrom !== linkedTo) changes.linkedMiniPrograms = { from: linkedFrom, to: linkedTo };
  const keysFrom = menuKeysText(before) || 'none';
  const keysTo = menuKeysText(after) || 'none';
  if (keysFrom !== keysTo) changes.menuKeys = { from: keysFrom, to: keysTo };
  await auditAction(operatorIn(after.workspaceId), {
    kind: 'app.changed',
    target: { type: 'app', id: after.appId, name: after.name },
    summary: `changed ${Object.keys(changes).join(', ') || 'nothing'} of ${after.appId}`,
    changes,
  });
  return summarizeApp(after);
}

const commands: Record<string, (values: CliValues, context: CliContext) => Promise<unknown>> = {
  'app add': addApp,
  'app set': setApp,
  upgrade: async () => ({ conversationsListedInServingIndex: await listEarlierServedConversations() }),
  ...workspaceCommands,
  ...agentCommands,
  ...queueCommands,
  ...quickReplyCommands,
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
  const target = await useTarget(
    values.stack
      ? { kind: 'stack', stackName: values.stack, region: values.region }
      : { kind: 'local', dataDir: resolve(values['data-dir'] ?? '.local') },
  );
  const result = await run(values, { consoleUrl: target.consoleUrl });
  console.log(`${command} on ${target.where}:`);
  console.log(JSON.stringify(result, null, 2));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) console.error(`${error.message}\n\n${usage}`);
  else if (error instanceof RegistrationError || error instanceof UsernameTakenError)
    console.error(error.message);
  else console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
