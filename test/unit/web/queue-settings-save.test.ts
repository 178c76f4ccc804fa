import { describe, expect, it } from 'vitest';
import type { Queue } from '../../../shared/domain/queue.ts';
import {
  type AdministeredApp,
  type AdministeredQueue,
  ApiError,
  NetworkError,
  type QueueSettingsBody,
} from '../../../web/src/api.ts';
import {
  newQueueForm,
  newRuleRow,
  type QueueForm,
  settingsBody,
} from '../../../web/src/queue-settings-form.ts';
import {
  describeSaveError,
  type QueueAdminApi,
  saveQueue,
  settingLabel,
  withSavedQueue,
} from '../../../web/src/queue-settings-save.ts';

function queue(queueId: string, overrides: Partial<AdministeredQueue> = {}): AdministeredQueue {
  return {
    appId: 'wx1',
    queueId,
    workspaceId: 'shopco',
    name: queueId,
    sessionFromRules: [],
    autoReplies: { keywords: [], humanKeywords: [] },
    inactivityMinutes: 30,
    createdAt: 1,
    memberIds: [],
    ...overrides,
  };
}

const form: QueueForm = {
  ...newQueueForm(),
  queueId: 'vip',
  name: 'VIP',
  rules: [{ ...newRuleRow(), pattern: 'vip:' }],
  welcome: '欢迎',
};

type Call =
  | { kind: 'settings'; appId: string; queueId: string; body: QueueSettingsBody }
  | { kind: 'members'; appId: string; queueId: string; agentIds: readonly string[] };

/** An admin API that records calls and answers as told. */
function fakeApi(answers: { settings?: Error; members?: Error; assigned?: number } = {}) {
  const calls: Call[] = [];
  const api: QueueAdminApi = {
    async saveQueueSettings(appId, queueId, body) {
      calls.push({ kind: 'settings', appId, queueId, body });
      if (answers.settings) throw answers.settings;
      const { memberIds: _none, ...saved } = queue(queueId, { name: body.name ?? queueId });
      return saved satisfies Queue;
    },
    async setQueueMembers(appId, queueId, agentIds) {
      calls.push({ kind: 'members', appId, queueId, agentIds });
      if (answers.members) throw answers.members;
      return { memberIds: [...agentIds].sort(), assigned: answers.assigned ?? 0 };
    },
  };
  return { api, calls };
}

const invalidRegex = new ApiError(400, 'bad_request', 'invalid body', [
  { path: 'sessionFromRules.0', message: 'not a valid regular expression' },
]);

describe('saveQueue', () => {
  it('sends only the settings when the members did not change', async () => {
    const { api, calls } = fakeApi();
    const outcome = await saveQueue(api, 'wx1', { ...form, memberIds: ['b', 'a'] }, ['a', 'b']);
    expect(calls).toEqual([{ kind: 'settings', appId: 'wx1', queueId: 'vip', body: settingsBody(form) }]);
    expect(outcome).toMatchObject({
      status: 'saved',
      queue: { queueId: 'vip', memberIds: ['a', 'b'] },
      assigned: 0,
    });
  });

  it('sets the members after the settings when they changed', async () => {
    const { api, calls } = fakeApi({ assigned: 2 });
    const outcome = await saveQueue(api, 'wx1', { ...form, memberIds: ['b'] }, ['a']);
    expect(calls.map((call) => call.kind)).toEqual(['settings', 'members']);
    expect(calls[1]).toEqual({ kind: 'members', appId: 'wx1', queueId: 'vip', agentIds: ['b'] });
    expect(outcome).toMatchObject({ status: 'saved', queue: { memberIds: ['b'] }, assigned: 2 });
  });

  it('stops at refused settings, naming the setting, and touches no members', async () => {
    const { api, calls } = fakeApi({ settings: invalidRegex });
    const outcome = await saveQueue(api, 'wx1', { ...form, memberIds: ['b'] }, []);
    expect(calls.map((call) => call.kind)).toEqual(['settings']);
    expect(outcome).toEqual({
      status: 'refused',
      problem: 'SessionFrom rule 1: Some of what was sent is not valid.',
    });
  });

  it('says so when the settings were saved but the members were not, and returns the saved queue', async () => {
    const { api } = fakeApi({ members: new ApiError(400, 'bad_request', 'not agents of wx1: zed') });
    const outcome = await saveQueue(api, 'wx1', { ...form, memberIds: ['zed'] }, []);
    expect(outcome).toEqual({
      status: 'refused',
      problem: 'The settings were saved, but the members were not changed. Not agents of wx1: zed.',
      queue: expect.objectContaining({ queueId: 'vip', memberIds: [] }),
    });
  });
});

describe('describeSaveError', () => {
  it.each<[string, unknown, string]>([
    // A validator's refusal names the setting, never in the validator's words.
    ['a schema issue at a rule', invalidRegex, 'SessionFrom rule 1: Some of what was sent is not valid.'],
    [
      'several issues',
      new ApiError(400, 'bad_request', 'invalid body', [
        { path: 'businessHours.timeZone', message: 'not a known IANA time zone (e.g. Asia/Shanghai)' },
        { path: 'inactivityMinutes', message: 'Too small: expected number to be >=1' },
      ]),
      'Time zone: Some of what was sent is not valid. Inactivity: Some of what was sent is not valid.',
    ],
    [
      'an unknown field',
      new ApiError(400, 'bad_request', 'invalid body', [{ path: '', message: 'Unrecognized key: "colour"' }]),
      'Some of what was sent is not valid.',
    ],
    [
      'a refusal without details',
      new ApiError(
        400,
        'bad_request',
        'the default queue takes everyone no other queue claims; it has no rules',
      ),
      'The default queue takes everyone no other queue claims; it has no rules.',
    ],
    ['a missing app', new ApiError(404, 'not_found', 'no such app: wx9'), 'No such app: wx9.'],
    ['a non-admin', new ApiError(403, 'forbidden', 'only an admin'), 'You do not have access to this.'],
    [
      'a server failure',
      new ApiError(500, 'internal', 'internal error'),
      'The server had a problem (HTTP 500). Try again in a moment.',
    ],
    [
      'no connection',
      new NetworkError('fetch failed'),
      'Cannot reach the server. Check your connection and try again.',
    ],
  ])('%s', (_name, error, sentence) => {
    expect(describeSaveError(error)).toBe(sentence);
  });
});

describe('settingLabel', () => {
  it.each([
    ['name', 'Name'],
    ['sessionFromRules', 'SessionFrom rules'],
    ['sessionFromRules.2.pattern', 'SessionFrom rule 3'],
    ['qrSceneRules', 'QR code scenes'],
    ['qrSceneRules.0.pattern', 'Scene rule 1'],
    ['businessHours', 'Business hours'],
    ['businessHours.timeZone', 'Time zone'],
    ['businessHours.windows.0.open', 'Business hours, window 1'],
    ['autoReplies.welcome', 'Welcome message'],
    ['autoReplies.offHours', 'Off-hours message'],
    ['autoReplies.keywords.1.reply', 'Keyword rule 2'],
    ['autoReplies.humanKeywords.0', 'Human keywords'],
    ['inactivityMinutes', 'Inactivity'],
    ['', undefined],
    ['somethingElse', 'somethingElse'],
  ])('%j → %s', (path, label) => {
    expect(settingLabel(path)).toBe(label);
  });
});

describe('withSavedQueue', () => {
  const apps: AdministeredApp[] = [
    { appId: 'wx1', name: 'Shop', type: 'miniprogram', queues: [queue('default'), queue('vip')], agents: [] },
    { appId: 'wx2', name: 'News', type: 'official-account', queues: [queue('vip')], agents: [] },
  ];

  it('replaces the queue in its own app only', () => {
    const next = withSavedQueue(apps, 'wx1', queue('vip', { name: 'VIP', memberIds: ['a'] }));
    expect(next[0]?.queues.map((item) => [item.queueId, item.name])).toEqual([
      ['default', 'default'],
      ['vip', 'VIP'],
    ]);
    expect(next[1]).toBe(apps[1]);
  });

  it('adds a queue just created', () => {
    const next = withSavedQueue(apps, 'wx2', queue('gold'));
    expect(next[1]?.queues.map((item) => item.queueId)).toEqual(['vip', 'gold']);
  });
});
