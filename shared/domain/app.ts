/** A WeChat app (Mini Program or Official Account) as registered by an operator. */
import type { FollowUpTemplate } from './follow-up.ts';
import type { MenuKeyRule } from './menu-keys.ts';

export type AppType = 'miniprogram' | 'official-account';

export type MessageFormat = 'xml' | 'json';

export interface WeChatApp {
  appId: string;
  workspaceId: string;
  type: AppType;
  name: string;
  /** Body format configured in WeChat's console; Official Accounts only speak XML. */
  format: MessageFormat;
  token: string;
  encodingAesKey?: string;
  secret: string;
  createdAt: number;
  /** A disabled app's callbacks are answered 404 without storing anything, and nothing is sent to it. */
  disabled?: boolean;
  /**
   * Official Accounts: the AppIDs of the Mini Programs linked to the account in WeChat (关联小程序), the
   * only ones its Mini Program cards may open. Absent or empty: it can send no Mini Program card.
   */
  linkedMiniPrograms?: string[];
  /** Official Accounts: what its menu buttons mean to customer service (menu-keys.ts). */
  menuKeys?: MenuKeyRule[];
  /**
   * Official Accounts: a customer's voice that comes without WeChat's transcript is transcribed by
   * Amazon Transcribe (charged per minute of voice; deployed stacks only). Off unless set.
   */
  machineTranscripts?: boolean;
  /** The subscribe message an answer goes out as once WeChat's 48-hour window closed (follow-up.ts). */
  followUp?: FollowUpTemplate;
}

/** What may be shown about an app: never its token, key or secret. */
export interface AppSummary {
  appId: string;
  workspaceId: string;
  type: AppType;
  name: string;
  format: MessageFormat;
  encrypted: boolean;
  createdAt: number;
  /** The secrets are write-only: whether each is set, never what it is. */
  secretSet: boolean;
  tokenSet: boolean;
  encodingAesKeySet: boolean;
  disabled: boolean;
  /** Official Accounts: the Mini Programs its cards may open (empty for a Mini Program). */
  linkedMiniPrograms: string[];
  menuKeys: MenuKeyRule[];
  machineTranscripts: boolean;
  followUp?: FollowUpTemplate;
}

export function summarizeApp(app: WeChatApp): AppSummary {
  return {
    appId: app.appId,
    workspaceId: app.workspaceId,
    type: app.type,
    name: app.name,
    format: app.format,
    encrypted: app.encodingAesKey !== undefined,
    createdAt: app.createdAt,
    secretSet: app.secret.length > 0,
    tokenSet: app.token.length > 0,
    encodingAesKeySet: app.encodingAesKey !== undefined,
    disabled: app.disabled === true,
    linkedMiniPrograms: app.type === 'official-account' ? (app.linkedMiniPrograms ?? []) : [],
    menuKeys: app.menuKeys ?? [],
    machineTranscripts: app.type === 'official-account' && app.machineTranscripts === true,
    ...(app.followUp ? { followUp: app.followUp } : {}),
  };
}
