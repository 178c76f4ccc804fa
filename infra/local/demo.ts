/**
 * The demo workspace `npm start` offers: one Mini Program and one agent, registered through the same
 * code as the admin CLI, so the system can be tried at once. Seeding again on the next start changes
 * nothing that exists.
 */
import type { WeChatApp } from '../../shared/domain/app.ts';
import { UsernameTakenError } from '../../shared/store/agents-repository.ts';
import { registerAgent, registerApp } from '../../shared/store/registration.ts';

export interface DemoWorkspace {
  appId: string;
  appType: WeChatApp['type'];
  token: string;
  encodingAesKey: string;
  format: WeChatApp['format'];
  agent: { username: string; password: string };
}

const demo: DemoWorkspace = {
  appId: 'wx5eed0000000de300',
  appType: 'miniprogram',
  token: 'DemoToken2026',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  format: 'json',
  agent: { username: 'demo', password: 'demo-password' },
};

export async function seedDemoWorkspace(): Promise<DemoWorkspace> {
  await registerApp({
    appId: demo.appId,
    workspaceId: 'demo',
    type: demo.appType,
    name: 'Demo Mini Program',
    format: demo.format,
    token: demo.token,
    encodingAesKey: demo.encodingAesKey,
    secret: 'DemoAppSecret0000000000000000000',
  });
  try {
    await registerAgent({
      appIds: [demo.appId],
      username: demo.agent.username,
      password: demo.agent.password,
    });
  } catch (error) {
    if (!(error instanceof UsernameTakenError)) throw error;
  }
  return demo;
}
