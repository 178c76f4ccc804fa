import type { AppType, WeChatApp } from './app.ts';

/**
 * What an agent's console knows about an app the agent serves: enough to offer the right tools (an
 * Official Account's Mini Program cards may open only its linked Mini Programs), nothing secret.
 */
export interface ServedApp {
  appId: string;
  name: string;
  type: AppType;
  /** Official Accounts: the Mini Programs its cards may open (empty for a Mini Program). */
  linkedMiniPrograms: string[];
}

export function servedAppOf(app: WeChatApp): ServedApp {
  return {
    appId: app.appId,
    name: app.name,
    type: app.type,
    linkedMiniPrograms: app.type === 'official-account' ? (app.linkedMiniPrograms ?? []) : [],
  };
}
