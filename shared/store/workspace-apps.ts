import type { WeChatApp } from '../domain/app.ts';
import { getApp, listAppIds } from './apps-repository.ts';

/** The apps of one workspace: what its admins oversee. */
export async function listWorkspaceApps(workspaceId: string): Promise<WeChatApp[]> {
  const apps = await Promise.all((await listAppIds()).map((appId) => getApp(appId)));
  return apps.filter((app): app is WeChatApp => app?.workspaceId === workspaceId);
}
