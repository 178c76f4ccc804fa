import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as z from 'zod/mini';
import { queueSettingsChangeSchema } from '../../../shared/admin/queue-administration.ts';
import { defaultHumanKeywords as serverHumanKeywords } from '../../../shared/domain/auto-reply.ts';
import { defaultTimeZone as serverTimeZone } from '../../../shared/domain/business-hours.ts';
import { defaultInactivityMinutes as serverInactivityMinutes } from '../../../shared/domain/queue.ts';
import { queueIdSchema } from '../../../shared/domain/queue-id-schema.ts';
import type { AdministeredQueue, QueueSettingsBody } from '../../../web/src/api.ts';
import {
  daysText,
  defaultHumanKeywords,
  defaultInactivityMinutes,
  defaultTimeZone,
  formChanged,
  formFromQueue,
  hoursText,
  membersChanged,
  newKeywordRow,
  newQueueForm,
  newRuleRow,
  newWindowRow,
  normaliseTime,
  parseHumanKeywords,
  type QueueForm,
  queueIdProblem,
  settingsBody,
  sortQueues,
  validateForm,
} from '../../../web/src/queue-settings-form.ts';

function administeredQueue(overrides: Partial<AdministeredQueue> = {}): AdministeredQueue {
  return {
    appId: 'wx1',
    queueId: 'vip',
    workspaceId: 'shopco',
    name: 'VIP',
    sessionFromRules: [{ match: 'prefix', pattern: 'vip:' }],
    qrSceneRules: [{ match: 'exact', pattern: 'vip-lounge' }],
    businessHours: {
      timeZone: 'Asia/Shanghai',
      windows: [
        { days: [1, 2, 3, 4, 5], open: '09:00', close: '18:00' },
        { days: [6, 7], open: '22:00', close: '02:00' },
      ],
    },
    autoReplies: {
      welcome: '尊敬的会员，您好！',
      offHours: '现在休息，明天见。',
      pickUp: '{客服}为您服务',
      closing: '感谢您的咨询！',
      keywords: [{ match: 'contains', pattern: '发货', reply: '48 小时内发货。' }],
      humanKeywords: ['人工', '客服'],
    },
    inactivityMinutes: 15,
    responseTargets: { firstResponseMinutes: 3, nextResponseMinutes: 10 },
    createdAt: 1_000,
    memberIds: ['a1', 'a2'],
    ...overrides,
  };
}

/** A new queue the way an admin fills it in: id, name, one rule. */
function filledNewForm(overrides: Partial<QueueForm> = {}): QueueForm {
  return {
    ...newQueueForm(),
    queueId: 'vip',
    name: 'VIP',
    rules: [{ ...newRuleRow(), pattern: 'vip:' }],
    ...overrides,
  };
}

describe('the API types', () => {
  it('describe a settings body the backend schema takes', () => {
    expectTypeOf<QueueSettingsBody>().toExtend<z.input<typeof queueSettingsChangeSchema>>();
  });
});

describe("the console's copies of the backend's defaults", () => {
  it('match the backend', () => {
    expect(defaultHumanKeywords).toEqual(serverHumanKeywords);
    expect(defaultInactivityMinutes).toBe(serverInactivityMinutes);
    expect(defaultTimeZone).toBe(serverTimeZone);
  });
});

describe('queueIdProblem', () => {
  it.each([
    ['shop-12', undefined],
    ['vip', undefined],
    ['7eleven', undefined],
    ['a'.repeat(40), undefined],
    ['', 'Give the queue an id.'],
    ['Shop', 'A queue id is lowercase letters'],
    ['-vip', 'A queue id is lowercase letters'],
    ['vip shop', 'A queue id is lowercase letters'],
    ['vip_shop', 'A queue id is lowercase letters'],
    ['会员', 'A queue id is lowercase letters'],
    ['a'.repeat(41), 'A queue id is lowercase letters'],
    ['default', 'This app already has a queue with the id default.'],
    ['gold', 'This app already has a queue with the id gold.'],
  ])('%j → %s', (queueId, problem) => {
    const found = queueIdProblem(queueId, ['default', 'gold']);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });

  it.each(['shop-12', 'a', 'Shop', '-x', 'x-', 'a.b', '', 'a'.repeat(40), 'a'.repeat(41), 'ab--c'])(
    'agrees with the server on %j',
    (queueId) => {
      expect(queueIdProblem(queueId, []) === undefined).toBe(queueIdSchema.safeParse(queueId).success);
    },
  );
});

describe('normaliseTime', () => {
  it.each([
    ['09:00', false, '09:00'],
    ['9:00', false, '09:00'],
    [' 18:30 ', true, '18:30'],
    ['00:00', false, '00:00'],
    ['23:59', false, '23:59'],
    ['24:00', true, '24:00'],
    ['24:00', false, undefined],
    ['24:01', true, undefined],
    ['25:00', true, undefined],
    ['12:60', false, undefined],
    ['12:5', false, undefined],
    ['0900', false, undefined],
    ['9', false, undefined],
    ['', true, undefined],
  ])('%j (closing: %s) → %s', (text, closing, time) => {
    expect(normaliseTime(text, closing)).toBe(time);
  });
});

describe('parseHumanKeywords', () => {
  it.each([
    ['人工, 客服', ['人工', '客服']],
    ['人工，客服、真人', ['人工', '客服', '真人']],
    ['agent;  human ; ', ['agent', 'human']],
    ['人工\n客服\n人工', ['人工', '客服']],
    [' , ,', []],
    ['', []],
  ])('%j → %j', (text, keywords) => {
    expect(parseHumanKeywords(text)).toEqual(keywords);
  });
});

describe('form ⇄ settings body', () => {
  it('turns a queue into a form and back into the same settings', () => {
    const queue = administeredQueue();
    const form = formFromQueue(queue);
    expect(form).toMatchObject({
      queueId: 'vip',
      isNew: false,
      name: 'VIP',
      alwaysOpen: false,
      timeZone: 'Asia/Shanghai',
      welcome: '尊敬的会员，您好！',
      pickUp: '{客服}为您服务',
      closing: '感谢您的咨询！',
      humanKeywords: '人工, 客服',
      inactivityMinutes: '15',
      firstResponseMinutes: '3',
      nextResponseMinutes: '10',
      memberIds: ['a1', 'a2'],
    });
    expect(settingsBody(form)).toEqual({
      name: queue.name,
      sessionFromRules: queue.sessionFromRules,
      qrSceneRules: queue.qrSceneRules,
      businessHours: queue.businessHours,
      autoReplies: queue.autoReplies,
      inactivityMinutes: queue.inactivityMinutes,
      responseTargets: queue.responseTargets,
    });
  });

  it('reads a queue without response targets as empty fields, and sends none back', () => {
    const form = formFromQueue(administeredQueue({ responseTargets: undefined }));
    expect(form).toMatchObject({ firstResponseMinutes: '', nextResponseMinutes: '' });
    expect(settingsBody(form).responseTargets).toEqual({});
    const onlyNext = { ...form, nextResponseMinutes: ' 20 ' };
    expect(validateForm(onlyNext, [])).toEqual([]);
    expect(settingsBody(onlyNext).responseTargets).toEqual({ nextResponseMinutes: 20 });
  });

  it('reads and sends back the rule reassigning unanswered conversations with the targets', () => {
    const form = formFromQueue(administeredQueue({ responseTargets: { reassignAfterMinutes: 5 } }));
    expect(form).toMatchObject({ firstResponseMinutes: '', reassignAfterMinutes: '5' });
    expect(settingsBody(form).responseTargets).toEqual({ reassignAfterMinutes: 5 });
    expect(settingsBody({ ...form, reassignAfterMinutes: '' }).responseTargets).toEqual({});
  });

  it('reads a queue without hours or texts as always open with empty texts', () => {
    const queue = administeredQueue({
      businessHours: undefined,
      autoReplies: { keywords: [], humanKeywords: [] },
    });
    const form = formFromQueue(queue);
    expect(form).toMatchObject({ alwaysOpen: true, timeZone: defaultTimeZone, welcome: '', offHours: '' });
    expect(settingsBody(form)).toMatchObject({
      businessHours: null,
      autoReplies: { keywords: [], humanKeywords: [] },
    });
    expect(settingsBody(form).autoReplies).not.toHaveProperty('welcome');
  });

  it('leaves the rules out for the default queue, which cannot have any', () => {
    const form = formFromQueue(
      administeredQueue({ queueId: 'default', sessionFromRules: [], qrSceneRules: undefined }),
    );
    expect(settingsBody(form)).not.toHaveProperty('sessionFromRules');
    expect(settingsBody(form)).not.toHaveProperty('qrSceneRules');
  });

  it('reads a queue set before QR scenes were routed as one without scene rules, and names an empty scene', () => {
    const form = formFromQueue(administeredQueue({ qrSceneRules: undefined }));
    expect(form.sceneRules).toEqual([]);
    expect(settingsBody(form).qrSceneRules).toEqual([]);
    const blank = { ...form, sceneRules: [{ ...newRuleRow(), pattern: '  ' }] };
    expect(validateForm(blank, [])).toEqual([
      { field: `scene-${blank.sceneRules[0]?.key}-pattern`, message: 'Scene rule 1 needs a scene.' },
    ]);
  });

  it('sends null hours while always open, even with windows kept from before', () => {
    const form = { ...formFromQueue(administeredQueue()), alwaysOpen: true };
    expect(settingsBody(form).businessHours).toBeNull();
  });

  it('tidies what was typed: trims texts, pads times, sorts days, drops blank texts', () => {
    const form = filledNewForm({
      name: '  VIP  ',
      rules: [{ ...newRuleRow(), pattern: ' vip: ' }],
      sceneRules: [{ ...newRuleRow(), match: 'exact', pattern: ' vip-lounge ' }],
      alwaysOpen: false,
      timeZone: ' Asia/Tokyo ',
      windows: [{ ...newWindowRow(), days: [5, 1, 3, 1], open: '9:00', close: '24:00' }],
      welcome: '  欢迎！\n',
      offHours: '   ',
      keywords: [{ ...newKeywordRow(), match: 'exact', pattern: ' 价格 ', reply: ' 请看商品页。 ' }],
      humanKeywords: '人工，客服',
      inactivityMinutes: ' 45 ',
    });
    expect(validateForm(form, [])).toEqual([]);
    expect(settingsBody(form)).toEqual({
      name: 'VIP',
      sessionFromRules: [{ match: 'prefix', pattern: 'vip:' }],
      qrSceneRules: [{ match: 'exact', pattern: 'vip-lounge' }],
      businessHours: {
        timeZone: 'Asia/Tokyo',
        windows: [{ days: [1, 3, 5], open: '09:00', close: '24:00' }],
      },
      autoReplies: {
        welcome: '欢迎！',
        keywords: [{ match: 'exact', pattern: '价格', reply: '请看商品页。' }],
        humanKeywords: ['人工', '客服'],
      },
      inactivityMinutes: 45,
      responseTargets: {},
    });
  });

  it('makes bodies the server takes, for a new queue and for queues read back', async () => {
    const bodies = [
      settingsBody(filledNewForm()),
      settingsBody(formFromQueue(administeredQueue())),
      settingsBody({ ...filledNewForm(), alwaysOpen: false, windows: [newWindowRow()] }),
    ];
    for (const body of bodies) {
      expect((await queueSettingsChangeSchema.safeParseAsync(body)).success).toBe(true);
    }
  });
});

describe('newQueueForm', () => {
  it('starts always open in Shanghai, with one empty rule and the standard human keywords', () => {
    const form = newQueueForm();
    expect(form).toMatchObject({
      isNew: true,
      queueId: '',
      alwaysOpen: true,
      timeZone: 'Asia/Shanghai',
      humanKeywords: '人工, 客服, 转人工, 真人',
      inactivityMinutes: '30',
      memberIds: [],
    });
    expect(form.rules).toHaveLength(1);
  });
});

describe('validateForm', () => {
  const rule = { ...newRuleRow(), pattern: 'vip:' };
  const window = newWindowRow();
  const keyword = { ...newKeywordRow(), pattern: '发货', reply: '48 小时内发货。' };
  const cases: [string, Partial<QueueForm>, string[]][] = [
    ['a complete new queue', {}, []],
    ['no id', { queueId: '' }, ['queueId']],
    ['an id with capitals', { queueId: 'VIP' }, ['queueId']],
    ['a taken id', { queueId: 'gold' }, ['queueId']],
    ['a blank name', { name: '   ' }, ['name']],
    ['a name too long', { name: 'x'.repeat(65) }, ['name']],
    [
      'a rule without pattern',
      { rules: [rule, { ...newRuleRow(), key: 'empty', pattern: ' ' }] },
      ['rule-empty-pattern'],
    ],
    ['no rules at all (transfers only)', { rules: [] }, []],
    ['hours without windows', { alwaysOpen: false, windows: [] }, ['windows']],
    [
      'an unknown time zone',
      { alwaysOpen: false, windows: [window], timeZone: 'Mars/Olympus' },
      ['timeZone'],
    ],
    ['a blank time zone', { alwaysOpen: false, windows: [window], timeZone: ' ' }, ['timeZone']],
    [
      'a window without days and with bad times',
      { alwaysOpen: false, windows: [{ key: 'w', days: [], open: '24:00', close: '7pm' }] },
      ['window-w-days', 'window-w-open', 'window-w-close'],
    ],
    ['a window closing at midnight', { alwaysOpen: false, windows: [{ ...window, close: '24:00' }] }, []],
    [
      'a window past midnight',
      { alwaysOpen: false, windows: [{ ...window, open: '22:00', close: '02:00' }] },
      [],
    ],
    [
      'bad windows while always open',
      { alwaysOpen: true, windows: [{ key: 'w', days: [], open: '', close: '' }] },
      [],
    ],
    ['a keyword rule', { keywords: [keyword] }, []],
    [
      'a keyword rule without pattern or reply',
      { keywords: [{ ...keyword, key: 'k', pattern: '', reply: ' ' }] },
      ['keyword-k-pattern', 'keyword-k-reply'],
    ],
    ['a welcome over 600 bytes', { welcome: '欢'.repeat(201) }, ['welcome']],
    ['a welcome of 600 bytes', { welcome: '欢'.repeat(200) }, []],
    ['an off-hours text over 600 bytes', { offHours: 'x'.repeat(601) }, ['offHours']],
    ['a pick-up notice over 600 bytes', { pickUp: '服'.repeat(201) }, ['pickUp']],
    ['a closing message over 600 bytes', { closing: 'x'.repeat(601) }, ['closing']],
    ['no inactivity', { inactivityMinutes: '' }, ['inactivityMinutes']],
    ['zero inactivity', { inactivityMinutes: '0' }, ['inactivityMinutes']],
    ['fractional inactivity', { inactivityMinutes: '1.5' }, ['inactivityMinutes']],
    ['inactivity over 48 hours', { inactivityMinutes: '2881' }, ['inactivityMinutes']],
    ['48 hours of inactivity', { inactivityMinutes: '2880' }, []],
    ['a zero first-response target', { firstResponseMinutes: '0' }, ['firstResponseMinutes']],
    ['a fractional first-response target', { firstResponseMinutes: '2.5' }, ['firstResponseMinutes']],
    ['a next-response target over a day', { nextResponseMinutes: '1441' }, ['nextResponseMinutes']],
    ['targets of 1 minute and a day', { firstResponseMinutes: '1', nextResponseMinutes: '1440' }, []],
    ['reassigning after 0 minutes', { reassignAfterMinutes: '0' }, ['reassignAfterMinutes']],
    ['reassigning after over 2 hours', { reassignAfterMinutes: '121' }, ['reassignAfterMinutes']],
    ['reassigning after 1 minute', { reassignAfterMinutes: '1' }, []],
    ['reassigning after 2 hours', { reassignAfterMinutes: '120' }, []],
  ];

  it.each(cases)('%s', (_name, overrides, fields) => {
    const problems = validateForm(filledNewForm({ ...overrides }), ['default', 'gold']);
    expect(problems.map((problem) => problem.field)).toEqual(fields);
    for (const problem of problems) expect(problem.message).toMatch(/^[A-Z"].*\.$/);
  });

  it('does not check the id of a queue that exists', () => {
    const form = formFromQueue(administeredQueue());
    expect(validateForm(form, ['default', 'vip'])).toEqual([]);
  });

  it('ignores rules on the default queue (they are never sent)', () => {
    const form = { ...formFromQueue(administeredQueue({ queueId: 'default' })), rules: [newRuleRow()] };
    expect(validateForm(form, ['default'])).toEqual([]);
  });

  it('leaves regular expressions to the server, whose sentence the admin then reads', () => {
    const form = filledNewForm({ rules: [{ ...newRuleRow(), match: 'regex', pattern: '([' }] });
    expect(validateForm(form, [])).toEqual([]);
  });
});

describe('membersChanged', () => {
  it.each([
    [[], [], false],
    [['a', 'b'], ['b', 'a'], false],
    [['a'], ['a', 'a'], false],
    [[], ['a'], true],
    [['a', 'b'], ['a'], true],
    [['a'], ['b'], true],
  ])('%j → %j: %s', (before, after, changed) => {
    expect(membersChanged(before, after)).toBe(changed);
  });
});

describe('formChanged', () => {
  const queue = administeredQueue();

  it('sees no change in a form just read, whatever its row identities', () => {
    expect(formChanged(formFromQueue(queue), formFromQueue(queue))).toBe(false);
  });

  it.each<[string, (form: QueueForm) => QueueForm, boolean]>([
    ['a new name', (form) => ({ ...form, name: 'Gold' }), true],
    ['another rule', (form) => ({ ...form, rules: [...form.rules, newRuleRow()] }), true],
    ['members in another order', (form) => ({ ...form, memberIds: ['a2', 'a1'] }), false],
    ['one member less', (form) => ({ ...form, memberIds: ['a1'] }), true],
    ['always open', (form) => ({ ...form, alwaysOpen: true }), true],
    ['always open and back', (form) => ({ ...form, alwaysOpen: false }), false],
    ['the same keywords spaced differently', (form) => ({ ...form, humanKeywords: '人工，客服' }), false],
  ])('%s: %s', (_name, edit, changed) => {
    const before = formFromQueue(queue);
    expect(formChanged(before, edit(before))).toBe(changed);
  });

  it('ignores the windows of an always-open queue', () => {
    const before = formFromQueue(administeredQueue({ businessHours: undefined }));
    expect(formChanged(before, { ...before, windows: [newWindowRow()] })).toBe(false);
  });
});

describe('sortQueues', () => {
  it('puts the default queue first, then the others in the order routing tries them', () => {
    const queues = [
      { queueId: 'b', createdAt: 30 },
      { queueId: 'a', createdAt: 30 },
      { queueId: 'default', createdAt: 99 },
      { queueId: 'z', createdAt: 10 },
    ];
    expect(sortQueues(queues).map((queue) => queue.queueId)).toEqual(['default', 'z', 'a', 'b']);
  });
});

describe('daysText', () => {
  it.each([
    [[1, 2, 3, 4, 5], 'Mon–Fri'],
    [[1, 2, 3, 4, 5, 6, 7], 'Every day'],
    [[6, 7], 'Sat, Sun'],
    [[1, 3, 5], 'Mon, Wed, Fri'],
    [[1, 2, 3, 6, 7], 'Mon–Wed, Sat, Sun'],
    [[7, 1], 'Mon, Sun'],
    [[], 'No days'],
  ])('%j → %s', (days, text) => {
    expect(daysText(days)).toBe(text);
  });
});

describe('hoursText', () => {
  it.each([
    [undefined, 'Always open'],
    [
      { timeZone: 'Asia/Shanghai', windows: [{ days: [1, 2, 3, 4, 5], open: '09:00', close: '18:00' }] },
      'Mon–Fri 09:00–18:00',
    ],
    [administeredQueue().businessHours, '2 opening windows'],
  ])('%j → %s', (hours, text) => {
    expect(hoursText(hours)).toBe(text);
  });
});
