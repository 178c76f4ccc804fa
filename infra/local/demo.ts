/**
 * The demo workspace `npm start` offers: one WeChat app and one agent, so the system can be tried
 * without registering anything first. For now the values are fixed and nothing is written: seeding
 * the app and the agent into the tables arrives separately, behind this same signature.
 */
import type { LocalRuntime } from './runtime.ts';

export interface DemoWorkspace {
  appId: string;
  appType: 'miniprogram' | 'official-account';
  token: string;
  encodingAesKey: string;
  format: 'xml' | 'json';
  agent: { username: string; password: string };
}

export async function seedDemoWorkspace(_runtime: LocalRuntime): Promise<DemoWorkspace> {
  return {
    appId: 'wx5eed0000000de300',
    appType: 'miniprogram',
    token: 'DemoToken2026',
    encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
    format: 'json',
    agent: { username: 'demo', password: 'demo-password' },
  };
}
