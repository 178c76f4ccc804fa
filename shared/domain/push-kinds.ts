/**
 * What every push WeChat sends is, and so what it does: the one table for every `MsgType` and every
 * `Event` (WECHAT.md §2, §6.2; WeChat's 接收普通消息, 接收事件推送 and 自定义菜单事件推送 pages).
 *
 * - `customer-message`: the customer wrote or sent something. Recorded, routed, opens WeChat's reply
 *   window of 5 messages within 48 hours, pushed to the agent. A message type WeChat adds later (it
 *   carries a MsgId) is one too: a customer is waiting.
 * - `interaction`: the customer did something WeChat lets the account answer (menu click, QR scan,
 *   follow, entering a Mini Program's chat), with WeChat's own window for that action. A system line in
 *   the thread; whether it opens a conversation depends on the action (`opens`).
 * - `notice`: the account's own state changed (unfollow, WeChat's multi-customer-service sessions). A
 *   system line in an open conversation; it opens nothing and grants nothing.
 * - `context`: where the customer is or what they looked at. Never a line, never customer activity.
 * - `delivery-report`: WeChat reports on something the account sent. Stored against what it reports on.
 * - `other`: anything else. Stored for audit with its raw fields and counted, nothing more.
 */
import type { AppType } from './app.ts';

export type PushClass =
  | 'customer-message'
  | 'interaction'
  | 'notice'
  | 'context'
  | 'delivery-report'
  | 'other';

/**
 * The reply window an action opens (WECHAT.md §6.2 and its corrections): a customer's message 5 within
 * 48 hours; entering a Mini Program's chat 2 within a minute; following, scanning a QR code and
 * clicking a menu (click, scancode_push and scancode_waitmsg buttons only) 3 within a minute each.
 */
export type WindowGrant = 'message' | 'session-entry' | 'subscribe' | 'qr-scan' | 'menu-click';

/**
 * When an interaction opens a conversation: `always` (the customer came to talk: entering the chat,
 * following, scanning a QR code), `contact-key` (a menu button the app's admins marked "talk to a
 * person"), or `never`.
 */
export type Opening = 'always' | 'contact-key' | 'never';

export interface PushKind {
  pushClass: PushClass;
  /** The window the push opens, on the kind of app WeChat grants it for. */
  grant?: { window: WindowGrant; appType?: AppType };
  opens: Opening;
}

const customerMessage: PushKind = {
  pushClass: 'customer-message',
  grant: { window: 'message' },
  opens: 'always',
};

const notice: PushKind = { pushClass: 'notice', opens: 'never' };
const context: PushKind = { pushClass: 'context', opens: 'never' };
const deliveryReport: PushKind = { pushClass: 'delivery-report', opens: 'never' };
const other: PushKind = { pushClass: 'other', opens: 'never' };

const menuButton: PushKind = {
  pushClass: 'interaction',
  grant: { window: 'menu-click', appType: 'official-account' },
  opens: 'contact-key',
};

/** Ordinary messages, by MsgType. */
export const messageKinds: Readonly<Record<string, PushKind>> = {
  text: customerMessage,
  image: customerMessage,
  voice: customerMessage,
  video: customerMessage,
  shortvideo: customerMessage,
  location: customerMessage,
  link: customerMessage,
  miniprogrampage: customerMessage,
  file: customerMessage,
};

/** Events (MsgType `event`), by Event. */
export const eventKinds: Readonly<Record<string, PushKind>> = {
  user_enter_tempsession: {
    pushClass: 'interaction',
    grant: { window: 'session-entry', appType: 'miniprogram' },
    opens: 'always',
  },
  subscribe: {
    pushClass: 'interaction',
    grant: { window: 'subscribe', appType: 'official-account' },
    opens: 'always',
  },
  SCAN: {
    pushClass: 'interaction',
    grant: { window: 'qr-scan', appType: 'official-account' },
    opens: 'always',
  },
  CLICK: menuButton,
  scancode_push: menuButton,
  scancode_waitmsg: menuButton,
  unsubscribe: notice,
  kf_create_session: notice,
  kf_close_session: notice,
  kf_switch_session: notice,
  LOCATION: context,
  VIEW: context,
  view_miniprogram: context,
  ENTER: context,
  location_select: context,
  // The picture buttons are followed by the pictures themselves, as image messages.
  pic_sysphoto: context,
  pic_photo_or_album: context,
  pic_weixin: context,
  TEMPLATESENDJOBFINISH: deliveryReport,
  MASSSENDJOBFINISH: deliveryReport,
  subscribe_msg_popup_event: deliveryReport,
  subscribe_msg_change_event: deliveryReport,
  subscribe_msg_sent_event: deliveryReport,
};

export interface PushIdentity {
  msgType: string;
  /** The `Event` field of an event. */
  event?: string;
  /** Whether WeChat numbered the push (every customer message carries a MsgId; events carry none). */
  hasMsgId: boolean;
}

/** The row of the table for one push. */
export function kindOfPush({ msgType, event, hasMsgId }: PushIdentity): PushKind {
  if (msgType === 'event')
    return (event !== undefined && Object.hasOwn(eventKinds, event) && eventKinds[event]) || other;
  if (Object.hasOwn(messageKinds, msgType)) return messageKinds[msgType] as PushKind;
  // A message type WeChat added after this table: numbered like a message, so someone wrote.
  return hasMsgId ? customerMessage : other;
}

/** The window a push opens on this kind of app, if any. */
export function grantOf(kind: PushKind, appType: AppType): WindowGrant | undefined {
  if (!kind.grant) return undefined;
  if (kind.grant.appType !== undefined && kind.grant.appType !== appType) return undefined;
  return kind.grant.window;
}
