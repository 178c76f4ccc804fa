import { describe, expect, it } from 'vitest';
import {
  eventKinds,
  grantOf,
  kindOfPush,
  messageKinds,
  type PushKind,
} from '../../../shared/domain/push-kinds.ts';

type Row = [
  name: string,
  identity: { msgType: string; event?: string; hasMsgId: boolean },
  pushClass: PushKind['pushClass'],
  opens: PushKind['opens'],
  grant: { oa?: string; mp?: string },
];

const message = (msgType: string): Row[1] => ({ msgType, hasMsgId: true });
const event = (name: string): Row[1] => ({ msgType: 'event', event: name, hasMsgId: false });
const both = (grant: string) => ({ oa: grant, mp: grant });

/** Every row of the table, and what it means on an Official Account (oa) and a Mini Program (mp). */
const rows: Row[] = [
  ...['text', 'image', 'voice', 'video', 'shortvideo', 'location', 'link', 'miniprogrampage', 'file'].map(
    (type): Row => [type, message(type), 'customer-message', 'always', both('message')],
  ),
  ['a message type WeChat adds later', message('hologram'), 'customer-message', 'always', both('message')],
  ['an unnumbered unknown type', { msgType: 'hologram', hasMsgId: false }, 'other', 'never', {}],
  [
    'user_enter_tempsession',
    event('user_enter_tempsession'),
    'interaction',
    'always',
    { mp: 'session-entry' },
  ],
  ['subscribe', event('subscribe'), 'interaction', 'always', { oa: 'subscribe' }],
  ['SCAN', event('SCAN'), 'interaction', 'always', { oa: 'qr-scan' }],
  ['CLICK', event('CLICK'), 'interaction', 'contact-key', { oa: 'menu-click' }],
  ['scancode_push', event('scancode_push'), 'interaction', 'contact-key', { oa: 'menu-click' }],
  ['scancode_waitmsg', event('scancode_waitmsg'), 'interaction', 'contact-key', { oa: 'menu-click' }],
  ...['unsubscribe', 'kf_create_session', 'kf_close_session', 'kf_switch_session'].map(
    (name): Row => [name, event(name), 'notice', 'never', {}],
  ),
  ...[
    'LOCATION',
    'VIEW',
    'view_miniprogram',
    'ENTER',
    'location_select',
    'pic_sysphoto',
    'pic_photo_or_album',
    'pic_weixin',
  ].map((name): Row => [name, event(name), 'context', 'never', {}]),
  ...[
    'TEMPLATESENDJOBFINISH',
    'MASSSENDJOBFINISH',
    'subscribe_msg_popup_event',
    'subscribe_msg_change_event',
    'subscribe_msg_sent_event',
  ].map((name): Row => [name, event(name), 'delivery-report', 'never', {}]),
  ...[
    'card_pass_check',
    'user_get_card',
    'WifiConnected',
    'qualification_verify_success',
    'weapp_audit_success',
  ].map((name): Row => [name, event(name), 'other', 'never', {}]),
  ['an event with no Event field', { msgType: 'event', hasMsgId: false }, 'other', 'never', {}],
  ['an event named like an Object property', event('constructor'), 'other', 'never', {}],
  [
    'a message type named like an Object property',
    { msgType: 'toString', hasMsgId: false },
    'other',
    'never',
    {},
  ],
];

describe('the push table', () => {
  it.each(rows)('%s', (_name, identity, pushClass, opens, grant) => {
    const kind = kindOfPush(identity);
    expect(kind.pushClass).toBe(pushClass);
    expect(kind.opens).toBe(opens);
    expect(grantOf(kind, 'official-account')).toBe(grant.oa);
    expect(grantOf(kind, 'miniprogram')).toBe(grant.mp);
  });

  it('has a tested row for every type and event it names', () => {
    const tested = new Set(rows.map(([, identity]) => identity.event ?? identity.msgType));
    for (const name of [...Object.keys(messageKinds), ...Object.keys(eventKinds)]) {
      expect(tested, name).toContain(name);
    }
  });

  it('gives every interaction a window and nothing else one but messages', () => {
    for (const kind of [...Object.values(messageKinds), ...Object.values(eventKinds)]) {
      const grants = kind.pushClass === 'customer-message' || kind.pushClass === 'interaction';
      expect(kind.grant !== undefined).toBe(grants);
    }
  });
});
