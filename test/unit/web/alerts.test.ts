import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import type { Message, MessageContent } from '../../../shared/domain/message.ts';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import {
  type AlertPreferences,
  type AlertSettings,
  alertsState,
  defaultAlertPreferences,
  loadAlertPreferences,
  type NotificationPermissionState,
  notificationsHint,
  saveAlertPreferences,
} from '../../../web/src/alert-settings.ts';
import {
  type Alert,
  Alerter,
  type AlertOutput,
  type AlertView,
  type CaughtUp,
  catchUpAlert,
  chimeIntervalMs,
  type DesktopNotification,
  frameAlert,
} from '../../../web/src/alerts.ts';
import { emptyThread } from '../../../web/src/console-state.ts';
import { contentPreview } from '../../../web/src/content-text.ts';
import { noNames } from '../../../web/src/names.ts';
import { conversation, me, message } from './fixtures.ts';

/** openIds as WeChat makes them: long, so the list (and the notification) shortens them. */
const openIdOf = (conversationId: string) => `oAbCdE${conversationId}xxxxxxxxxxxxxxx${conversationId}`;
const chat = (conversationId: string, lastOrder: number, overrides: Partial<Conversation> = {}) =>
  conversation(conversationId, lastOrder, { openId: openIdOf(conversationId), ...overrides });

/** The customer of c1 writes (inbound, author customer). */
const said = (order: number, conversationId: string, overrides: Partial<Message> = {}) =>
  message(order, { conversationId, openId: openIdOf(conversationId), ...overrides });

const reply = (order: number, conversationId: string, authorId = 'me') =>
  said(order, conversationId, { direction: 'outbound', author: 'agent', authorId });

const lifecycle = (
  order: number,
  conversationId: string,
  event: string,
  detail: Record<string, string>,
  by: string | 'system',
) =>
  said(order, conversationId, {
    direction: 'internal',
    ...(by === 'system' ? { author: 'system' as const } : { author: 'agent' as const, authorId: by }),
    content: { type: 'event', event, detail },
  });

/**
 * The console just before a frame: c1 open (its history read), c2 in the list with a thread, and
 * c-closed, which the agent closed earlier.
 */
const view = (overrides: Partial<AlertView> = {}): AlertView => ({
  agent: me,
  conversations: [chat('c1', 2), chat('c2', 4), chat('c-closed', 1, { state: 'closed' })],
  listLoaded: true,
  threads: {
    c1: { ...emptyThread, historyLoaded: true, messages: [said(1, 'c1'), said(2, 'c1')] },
    c2: { ...emptyThread, messages: [said(4, 'c2')] },
  },
  selectedId: 'c1',
  names: { agents: { alice: 'Alice' }, queues: {} },
  ...overrides,
});

const created = (item: Message, snapshot: Conversation): ServerFrame => ({
  type: 'message.created',
  message: item,
  conversation: snapshot,
});

describe('frameAlert', () => {
  const cases: {
    name: string;
    frame: ServerFrame;
    visible?: boolean;
    view?: Partial<AlertView>;
    expected: Partial<Alert> | undefined;
  }[] = [
    {
      name: "a new customer's first message",
      frame: created(said(10, 'c9', { content: { type: 'text', text: '你好，在吗？' } }), chat('c9', 10)),
      expected: {
        kind: 'conversation',
        conversationId: 'c9',
        title: 'New conversation · Customer oAbCdE…xxc9',
        body: '你好，在吗？',
      },
    },
    {
      name: 'a message in a conversation of the list that is not open',
      frame: created(said(10, 'c2'), chat('c2', 10)),
      expected: { kind: 'message', conversationId: 'c2', title: 'Customer oAbCdE…xxc2', body: 'message 10' },
    },
    {
      name: 'a message from a customer agents gave a remark name, named by it',
      frame: created(said(10, 'c2'), chat('c2', 10)),
      view: { customerNames: { [`${chat('c2', 4).appId} ${chat('c2', 4).openId}`]: '王女士' } },
      expected: { kind: 'message', conversationId: 'c2', title: 'Customer 王女士' },
    },
    {
      name: 'a message in the open conversation on a visible tab',
      frame: created(said(10, 'c1'), chat('c1', 10)),
      expected: undefined,
    },
    {
      name: 'a message in the open conversation while the tab is hidden',
      frame: created(said(10, 'c1'), chat('c1', 10)),
      visible: false,
      expected: { kind: 'message', conversationId: 'c1' },
    },
    {
      name: 'a message in a conversation the agent is looking at, with no conversation open',
      frame: created(said(10, 'c2'), chat('c2', 10)),
      view: { selectedId: undefined },
      expected: { kind: 'message', conversationId: 'c2' },
    },
    {
      name: "the agent's own reply",
      frame: created(reply(10, 'c2'), chat('c2', 10)),
      visible: false,
      expected: undefined,
    },
    {
      name: "a colleague's message in the agent's conversation",
      frame: created(reply(10, 'c2', 'alice'), chat('c2', 10)),
      visible: false,
      expected: undefined,
    },
    {
      name: 'a bot message',
      frame: created(said(10, 'c2', { direction: 'outbound', author: 'bot' }), chat('c2', 10)),
      visible: false,
      expected: undefined,
    },
    {
      name: 'an internal event that is not a hand-over',
      frame: created(
        lifecycle(10, 'c2', 'conversation_closed', { reason: 'inactive' }, 'system'),
        chat('c2', 10),
      ),
      visible: false,
      expected: undefined,
    },
    {
      name: 'a hand-over event about a conversation already in the list',
      frame: created(lifecycle(10, 'c2', 'conversation_reopened', { by: 'alice' }, 'alice'), chat('c2', 10)),
      visible: false,
      expected: undefined,
    },
    {
      name: 'a transfer in from a colleague',
      frame: created(
        lifecycle(10, 'c7', 'conversation_transferred', { from: 'alice', to: 'me' }, 'alice'),
        chat('c7', 6, { lastMessagePreview: '我想换一个尺码' }),
      ),
      expected: {
        kind: 'conversation',
        conversationId: 'c7',
        title: 'New conversation · Customer oAbCdE…xxc7',
        body: 'Transferred from Alice to you · 我想换一个尺码',
      },
    },
    {
      name: 'an assignment from the queue by routing',
      frame: created(lifecycle(10, 'c7', 'conversation_assigned', { to: 'me' }, 'system'), chat('c7', 10)),
      expected: { kind: 'conversation', conversationId: 'c7', body: 'Assigned to you' },
    },
    {
      name: "the agent's own accept arriving before the HTTP answer",
      frame: created(lifecycle(10, 'c7', 'conversation_accepted', { by: 'me' }, 'me'), chat('c7', 10)),
      expected: undefined,
    },
    {
      name: 'a conversation.updated that hands a conversation to the agent',
      frame: {
        type: 'conversation.updated',
        conversation: chat('c7', 6, { lastMessagePreview: '有人吗？' }),
      },
      expected: { kind: 'conversation', conversationId: 'c7', body: '有人吗？' },
    },
    {
      name: 'a conversation.updated about a conversation already in the list',
      frame: { type: 'conversation.updated', conversation: chat('c2', 5) },
      visible: false,
      expected: undefined,
    },
    {
      name: 'a conversation.updated about a conversation handed to someone else',
      frame: { type: 'conversation.updated', conversation: chat('c7', 5, { assigneeId: 'alice' }) },
      expected: undefined,
    },
    {
      name: 'a conversation.updated about a closed conversation beyond the list',
      frame: { type: 'conversation.updated', conversation: chat('c7', 5, { state: 'closed' }) },
      expected: undefined,
    },
    {
      name: 'a message.updated (a delivery status, a picture link)',
      frame: { type: 'message.updated', message: said(4, 'c2') },
      visible: false,
      expected: undefined,
    },
    {
      name: 'a message.created the console already holds (delivered twice, or read over HTTP first)',
      frame: created(said(4, 'c2'), chat('c2', 4)),
      visible: false,
      expected: undefined,
    },
    {
      name: "a message in a colleague's conversation",
      frame: created(said(10, 'c8'), chat('c8', 10, { assigneeId: 'alice' })),
      visible: false,
      expected: undefined,
    },
    {
      name: 'a message of a customer waiting in a queue',
      frame: created(said(10, 'c8'), chat('c8', 10, { state: 'queued', assigneeId: undefined })),
      visible: false,
      expected: undefined,
    },
    {
      name: 'a message before the first list read: a message, not a new conversation',
      frame: created(said(10, 'c2'), chat('c2', 10)),
      view: { listLoaded: false, conversations: [] },
      expected: { kind: 'message', title: 'Customer oAbCdE…xxc2' },
    },
    {
      name: 'a customer event opening a new conversation',
      frame: created(
        said(10, 'c9', {
          content: { type: 'event', event: 'user_enter_tempsession', detail: { sessionFrom: 'shop:12' } },
        }),
        chat('c9', 10),
      ),
      expected: { kind: 'conversation', body: 'Customer entered from shop:12' },
    },
    {
      name: 'a customer event in a conversation already there',
      frame: created(
        said(10, 'c2', { content: { type: 'event', event: 'user_enter_tempsession', detail: {} } }),
        chat('c2', 10),
      ),
      visible: false,
      expected: undefined,
    },
    {
      name: 'a new conversation the agent has open (it had left the list and came back)',
      frame: created(said(10, 'c9'), chat('c9', 10)),
      view: { selectedId: 'c9' },
      expected: undefined,
    },
    {
      name: 'a late frame with an older picture of a conversation since handed away',
      frame: created(said(3, 'c2'), chat('c2', 3)),
      view: { conversations: [chat('c2', 4, { state: 'closed' })] },
      visible: false,
      expected: undefined,
    },
    {
      name: 'the answer to a socket send',
      frame: { type: 'send.accepted', clientMessageId: 'x', message: reply(10, 'c2') },
      visible: false,
      expected: undefined,
    },
  ];

  it.each(cases)('$name', ({ frame, visible = true, view: change, expected }) => {
    const alert = frameAlert(frame, view(change), visible);
    if (expected === undefined) expect(alert).toBeUndefined();
    else expect(alert).toMatchObject(expected);
  });

  it('says who handed the conversation over even without their name', () => {
    const alert = frameAlert(
      created(
        lifecycle(10, 'c7', 'conversation_transferred', { from: 'bob', to: 'me' }, 'bob'),
        chat('c7', 10),
      ),
      view({ names: noNames }),
      true,
    );
    expect(alert?.body).toBe('Transferred from another agent to you');
  });
});

describe('catchUpAlert', () => {
  /** After the resync: the list as it is now, with two more customers. */
  const after = (overrides: Partial<AlertView> = {}) =>
    view({
      conversations: [chat('c1', 12), chat('c2', 13), chat('c3', 14), chat('c4', 15), chat('c5', 16)],
      ...overrides,
    });
  const none: CaughtUp = { conversations: [], messages: [] };

  const cases: {
    name: string;
    caughtUp: CaughtUp;
    visible?: boolean;
    view?: Partial<AlertView>;
    expected: Partial<Alert> | undefined;
  }[] = [
    { name: 'nothing new', caughtUp: none, expected: undefined },
    {
      name: 'one message in one conversation',
      caughtUp: { ...none, messages: [said(11, 'c2', { content: { type: 'text', text: '还在吗' } })] },
      expected: { kind: 'message', conversationId: 'c2', title: 'Customer oAbCdE…xxc2', body: '还在吗' },
    },
    {
      name: 'three messages in one conversation: one alert that counts them',
      caughtUp: { ...none, messages: [said(11, 'c2'), said(12, 'c2'), said(13, 'c2')] },
      expected: { kind: 'message', conversationId: 'c2', body: '3 new messages' },
    },
    {
      name: 'messages in the open conversation on a visible tab',
      caughtUp: { ...none, messages: [said(11, 'c1'), said(12, 'c1')] },
      expected: undefined,
    },
    {
      name: 'messages in the open conversation while the tab is hidden',
      caughtUp: { ...none, messages: [said(11, 'c1'), said(12, 'c1')] },
      visible: false,
      expected: { kind: 'message', conversationId: 'c1', body: '2 new messages' },
    },
    {
      name: "the agent's own, a colleague's and bot messages",
      caughtUp: {
        ...none,
        messages: [
          reply(11, 'c2'),
          reply(12, 'c2', 'alice'),
          said(13, 'c2', { direction: 'outbound', author: 'bot' }),
          lifecycle(14, 'c2', 'conversation_closed', {}, 'system'),
        ],
      },
      visible: false,
      expected: undefined,
    },
    {
      name: 'messages in a conversation no longer in the list',
      caughtUp: { ...none, messages: [said(11, 'c6')] },
      visible: false,
      expected: undefined,
    },
    {
      name: 'a conversation handed in while frames were missed',
      caughtUp: { ...none, conversations: [chat('c3', 14)] },
      view: { conversations: [chat('c1', 12), chat('c3', 14, { lastMessagePreview: '有人吗？' })] },
      expected: {
        kind: 'conversation',
        conversationId: 'c3',
        title: 'New conversation · Customer oAbCdE…xxc3',
        body: '有人吗？',
      },
    },
    {
      name: 'several conversations: one summary',
      caughtUp: {
        conversations: [chat('c3', 14)],
        messages: [said(11, 'c2'), said(12, 'c2'), said(13, 'c4')],
      },
      expected: {
        kind: 'summary',
        title: '1 new conversation and 3 new messages',
        body: 'Customer oAbCdE…xxc3, Customer oAbCdE…xxc2, Customer oAbCdE…xxc4',
      },
    },
    {
      name: 'more customers than a notification names',
      caughtUp: {
        ...none,
        messages: [said(11, 'c1'), said(12, 'c2'), said(13, 'c3'), said(14, 'c4'), said(15, 'c5')],
      },
      visible: false,
      expected: {
        kind: 'summary',
        title: '5 new messages',
        body: 'Customer oAbCdE…xxc1, Customer oAbCdE…xxc2, Customer oAbCdE…xxc3 and 2 more',
      },
    },
  ];

  it.each(cases)('$name', ({ caughtUp, visible = true, view: change, expected }) => {
    const alert = catchUpAlert(caughtUp, after(change), visible);
    if (expected === undefined) expect(alert).toBeUndefined();
    else expect(alert).toMatchObject(expected);
    // A summary opens no conversation in particular: a click only brings the console forward.
    if (alert?.kind === 'summary') expect(alert).not.toHaveProperty('conversationId');
  });
});

/** An output that records what reached the browser, and a clock the test moves. */
function alerter(
  initial: Partial<AlertPreferences> = {},
  permission: NotificationPermissionState = 'granted',
) {
  const log: string[] = [];
  const notifications: DesktopNotification[] = [];
  const clock = { now: 1_000_000 };
  const settings: AlertSettings = {
    preferences: { sound: true, notifications: true, ...initial },
    permission,
  };
  const output: AlertOutput = {
    chime: (kind) => log.push(`chime ${kind}`),
    notify: (notification) => {
      notifications.push(notification);
      log.push(`notify ${notification.tag}`);
    },
    dismiss: (tag) => log.push(`dismiss ${tag}`),
  };
  const subject = new Alerter({ now: () => clock.now, settings: () => settings, output });
  return { subject, log, notifications, clock, settings };
}

const messageIn = (conversationId: string): Alert => ({
  kind: 'message',
  conversationId,
  title: `Customer ${conversationId}`,
  body: 'hello',
});

describe('Alerter', () => {
  it('chimes at most once per interval, however many alerts arrive', () => {
    const { subject, clock } = alerter({ notifications: false });
    const chimedAt = (offsets: number[]) =>
      offsets.map((offset) => {
        clock.now = 1_000_000 + offset;
        return subject.alert(messageIn('c1')).chimed;
      });
    expect(
      chimedAt([0, 1, 1000, chimeIntervalMs - 1, chimeIntervalMs, chimeIntervalMs + 10, 10_000]),
    ).toEqual([true, false, false, false, true, false, true]);
  });

  it('shows one notification per conversation until the agent has looked at it', () => {
    const { subject, log, notifications, clock } = alerter();
    subject.alert({ ...messageIn('c1'), kind: 'conversation' });
    clock.now += 10_000;
    subject.alert(messageIn('c1'));
    subject.alert(messageIn('c2'));
    expect(notifications.map((item) => item.tag)).toEqual(['conversation:c1', 'conversation:c2']);
    expect(notifications[0]).toEqual({
      title: 'Customer c1',
      body: 'hello',
      tag: 'conversation:c1',
      conversationId: 'c1',
    });

    subject.seen('c1');
    subject.seen('c3');
    subject.alert(messageIn('c1'));
    expect(log).toEqual([
      'chime conversation',
      'notify conversation:c1',
      'chime message',
      'notify conversation:c2',
      'dismiss conversation:c1',
      'notify conversation:c1',
    ]);
  });

  it('replaces one summary with the next under one tag, and never holds a conversation back for it', () => {
    const { subject, notifications } = alerter();
    const summary: Alert = { kind: 'summary', title: '3 new messages', body: 'Customer a, Customer b' };
    subject.alert(summary);
    subject.alert(summary);
    subject.alert(messageIn('c1'));
    expect(notifications.map((item) => item.tag)).toEqual(['catch-up', 'catch-up', 'conversation:c1']);
    expect(notifications[0]).not.toHaveProperty('conversationId');
  });

  it.each<{
    name: string;
    preferences: Partial<AlertPreferences>;
    permission: NotificationPermissionState;
    log: string[];
  }>([
    {
      name: 'both on and allowed',
      preferences: {},
      permission: 'granted',
      log: ['chime message', 'notify conversation:c1'],
    },
    {
      name: 'sound off',
      preferences: { sound: false },
      permission: 'granted',
      log: ['notify conversation:c1'],
    },
    {
      name: 'notifications off (the default)',
      preferences: { notifications: false },
      permission: 'granted',
      log: ['chime message'],
    },
    {
      name: 'notifications blocked by the browser',
      preferences: {},
      permission: 'denied',
      log: ['chime message'],
    },
    { name: 'permission not given yet', preferences: {}, permission: 'default', log: ['chime message'] },
    { name: 'no Notification API', preferences: {}, permission: 'unsupported', log: ['chime message'] },
    {
      name: 'everything off',
      preferences: { sound: false, notifications: false },
      permission: 'granted',
      log: [],
    },
  ])('follows the preferences and the permission: $name', ({ preferences, permission, log: expected }) => {
    const { subject, log } = alerter(preferences, permission);
    subject.alert(messageIn('c1'));
    expect(log).toEqual(expected);
  });

  it('reads the settings at every alert, so a change applies at once', () => {
    const { subject, log, settings, clock } = alerter({ notifications: false });
    subject.alert(messageIn('c1'));
    settings.preferences = { sound: false, notifications: true };
    clock.now += chimeIntervalMs;
    subject.alert(messageIn('c1'));
    expect(log).toEqual(['chime message', 'notify conversation:c1']);
  });

  it('does not count a notification that was not shown', () => {
    const { subject, log, settings } = alerter({ sound: false }, 'default');
    subject.alert(messageIn('c1'));
    settings.permission = 'granted';
    subject.alert(messageIn('c1'));
    subject.seen('c1');
    expect(log).toEqual(['notify conversation:c1', 'dismiss conversation:c1']);
  });
});

describe('alert preferences', () => {
  const memory = (initial?: string) => {
    const values = new Map<string, string>(initial === undefined ? [] : [['wechat-cs:alerts', initial]]);
    return {
      values,
      getItem: (key: string) => values.get(key) ?? null,
      setItem: (key: string, value: string) => void values.set(key, value),
    };
  };

  it.each<[string, string | undefined, AlertPreferences]>([
    ['nothing stored', undefined, defaultAlertPreferences],
    ['not JSON', '{oops', defaultAlertPreferences],
    ['not an object', '42', defaultAlertPreferences],
    ['one of the two', '{"notifications":true}', { sound: true, notifications: true }],
    ['wrong types', '{"sound":"no","notifications":1}', defaultAlertPreferences],
    ['both', '{"sound":false,"notifications":true}', { sound: false, notifications: true }],
  ])('loads %s', (_, stored, expected) => {
    expect(loadAlertPreferences(memory(stored))).toEqual(expected);
  });

  it('defaults to the chime only: notifications wait for the agent', () => {
    expect(defaultAlertPreferences).toEqual({ sound: true, notifications: false });
    expect(loadAlertPreferences(undefined)).toEqual(defaultAlertPreferences);
  });

  it('keeps the choice per browser, and survives a storage that refuses', () => {
    const storage = memory();
    saveAlertPreferences(storage, { sound: false, notifications: true });
    expect(loadAlertPreferences(storage)).toEqual({ sound: false, notifications: true });
    const refusing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
    };
    expect(() => saveAlertPreferences(refusing, defaultAlertPreferences)).not.toThrow();
    expect(loadAlertPreferences(refusing)).toEqual(defaultAlertPreferences);
  });

  it.each<[AlertPreferences, NotificationPermissionState, ReturnType<typeof alertsState>]>([
    [{ sound: true, notifications: true }, 'granted', 'on'],
    [{ sound: false, notifications: true }, 'granted', 'silent'],
    [{ sound: true, notifications: false }, 'granted', 'sound'],
    [{ sound: true, notifications: false }, 'denied', 'sound'],
    [{ sound: true, notifications: true }, 'default', 'sound'],
    [{ sound: true, notifications: true }, 'denied', 'blocked'],
    [{ sound: false, notifications: true }, 'unsupported', 'blocked'],
    [{ sound: false, notifications: false }, 'granted', 'off'],
  ])('%j with permission %s shows as %s', (preferences, permission, expected) => {
    expect(alertsState({ preferences, permission })).toBe(expected);
  });

  it('says when the browser blocks notifications, and that the chime still plays', () => {
    const blocked = notificationsHint({
      preferences: { sound: true, notifications: true },
      permission: 'denied',
    });
    expect(blocked).toMatch(/^Notifications are blocked by the browser\./);
    expect(blocked).toMatch(/the chime still plays/);
    expect(notificationsHint({ preferences: defaultAlertPreferences, permission: 'unsupported' })).toBe(
      'This browser cannot show desktop notifications.',
    );
  });
});

describe('contentPreview', () => {
  it.each<[MessageContent, string]>([
    [{ type: 'text', text: '  请问\n\n什么时候发货？ ' }, '请问 什么时候发货？'],
    [{ type: 'text', text: 'x'.repeat(150) }, `${'x'.repeat(99)}…`],
    [{ type: 'text', text: ' ' }, '(empty message)'],
    [{ type: 'image', url: 'https://example.com/a.jpg' }, 'Picture'],
    [{ type: 'voice', mediaId: 'm', format: 'amr', recognition: '你好' }, 'Voice message (amr): 你好'],
    [{ type: 'voice', mediaId: 'm' }, 'Voice message'],
    [
      { type: 'voice', mediaId: 'm', durationMs: 3200, machineTranscript: '杯子碎了' },
      'Voice message · 3.2 s: 杯子碎了',
    ],
    [{ type: 'video', mediaId: 'm', short: true }, 'Short video'],
    [{ type: 'location', latitude: 1, longitude: 2, label: '上海' }, 'Location: 上海'],
    [{ type: 'link', title: 'Order 42', url: 'https://example.com' }, 'Link: Order 42'],
    [{ type: 'miniprogrampage', title: 'Shop', pagePath: 'p' }, 'Mini program: Shop'],
    [{ type: 'event', event: 'subscribe', detail: {} }, 'Customer followed'],
    [
      { type: 'unknown', msgType: 'shortvideo2', fields: {} },
      'The customer sent a kind of message the console cannot show yet; see it in WeChat.',
    ],
    [{ type: 'file', title: '合同.docx', size: 10 }, 'File: 合同.docx'],
  ])('%j → %s', (content, expected) => {
    expect(contentPreview(content)).toBe(expected);
  });
});
