/**
 * `npm run smoke -- --app-id wx… [--stack NAME [--region R]]`: checks a deployment end to end with
 * WeChat's signed server-URL handshake (`infra/smoke/handshake.ts`), against the local runtime by
 * default (`--data-dir`, default .local) or a deployed stack with the caller's AWS credentials. The
 * app's Token is read from the deployment's own table, so nothing secret is typed. Exits 1 when a
 * check fails.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { getApp } from '../../shared/store/apps-repository.ts';
import { useTarget } from '../admin/target.ts';
import { checkHandshake } from './handshake.ts';

const usage = `usage: npm run smoke -- --app-id wx… [--stack NAME [--region REGION] | --data-dir DIR]
  sends WeChat's signed URL handshake to the app's callback URL and checks the echo, then checks
  that a forged signature is refused`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'app-id': { type: 'string' },
      stack: { type: 'string' },
      region: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const appId = values['app-id'];
  if (!appId) {
    console.error(`--app-id is required: the app whose callback URL to check\n\n${usage}`);
    return 1;
  }
  const target = await useTarget(
    values.stack
      ? { kind: 'stack', stackName: values.stack, region: values.region }
      : { kind: 'local', dataDir: resolve(values['data-dir'] ?? '.local') },
  );
  if (!target.callbackBaseUrl) {
    console.error(`${target.where} does not say its callback URL`);
    return 1;
  }
  const app = await getApp(appId);
  if (!app) {
    console.error(`no app ${appId} is registered on ${target.where} (npm run admin -- app add …)`);
    return 1;
  }
  console.log(`smoke test of ${target.callbackBaseUrl}${appId} (${target.where})`);
  const checks = await checkHandshake({ callbackBaseUrl: target.callbackBaseUrl, appId, token: app.token });
  for (const check of checks)
    console.log(`  ${check.passed ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`);
  return checks.every((check) => check.passed) ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
