import { afterEach, describe, expect, it } from 'vitest';
import type { FollowUpTemplate } from '../../../shared/domain/follow-up.ts';
import type { AdministeredApp } from '../../../shared/domain/queue-view.ts';
import {
  changeBody,
  creationBody,
  formFromAgent,
  newAgentForm,
  validateAgentForm,
  withApp,
  withQueue,
} from '../../../web/src/agent-form.ts';
import type { AgentListing, ManagedApp } from '../../../web/src/api.ts';
import {
  appChangeBody,
  appCreationBody,
  enteredValues,
  formFromApp,
  newAppForm,
  replacing,
  validateAppForm,
  withType,
} from '../../../web/src/app-form.ts';
import { credentialsText } from '../../../web/src/credentials-text.ts';
import { setLocale, t } from '../../../web/src/i18n.ts';
import { invitationLinkHere, invitationToken } from '../../../web/src/invitation-link.ts';

/** The administration forms' rules and requests, and what the console says of a credentials test. */

afterEach(() => setLocale('en', false));

const shop: AdministeredApp = {
  appId: 'wx00000000000000a1',
  name: 'Shop',
  type: 'miniprogram',
  queues: [],
  agents: [],
};
const shopWithQueues = {
  ...shop,
  queues: [{ queueId: 'default' }, { queueId: 'vip' }],
} as unknown as AdministeredApp;

describe('the agent form', () => {
  it('checks the server’s rules before sending, in words', () => {
    const blank = newAgentForm();
    expect(validateAgentForm(blank, 'invite').map((problem) => problem.field)).toEqual(['username', 'apps']);
    const typed = {
      ...withApp({ ...blank, username: 'li', capacity: '101' }, shopWithQueues, true),
      method: 'password' as const,
      initialPassword: 'short',
    };
    expect(validateAgentForm(typed, 'invite')).toEqual([
      { field: 'username', message: 'A username is 3 to 64 letters, digits or . _ @ -.' },
      { field: 'capacity', message: 'Capacity is a whole number from 0 to 100.' },
      { field: 'initialPassword', message: 'The new password needs at least 8 characters.' },
    ]);
    // An admin or owner may serve no app.
    expect(validateAgentForm({ ...blank, username: 'boss', role: 'owner' }, 'invite')).toEqual([]);
  });

  it('starts an app in its default queue, and leaving the app leaves its queues', () => {
    const serving = withApp(newAgentForm(), shopWithQueues, true);
    expect(serving).toMatchObject({ appIds: [shop.appId], queues: [`${shop.appId}/default`] });
    const both = withQueue(serving, `${shop.appId}/vip`, true);
    expect(both.queues).toEqual([`${shop.appId}/default`, `${shop.appId}/vip`]);
    expect(withApp(both, shopWithQueues, false)).toMatchObject({ appIds: [], queues: [] });
  });

  it('asks for a link unless an initial password is chosen, and sends exactly the queues chosen', () => {
    const form = withApp({ ...newAgentForm(), username: ' lin ', displayName: ' ' }, shopWithQueues, true);
    expect(creationBody(form)).toEqual({
      username: 'lin',
      role: 'agent',
      appIds: [shop.appId],
      queues: [{ appId: shop.appId, queueId: 'default' }],
    });
    expect(creationBody({ ...form, method: 'password', initialPassword: 'given-1234' })).toMatchObject({
      initialPassword: 'given-1234',
    });
  });

  it('changes what the form holds, keeping the name when it was emptied', () => {
    const agent = {
      agentId: 'a1',
      username: 'mia',
      displayName: 'Mia',
      role: 'agent',
      capacity: 3,
      appIds: [shop.appId],
      queues: [{ appId: shop.appId, queueId: 'vip' }],
    } as AgentListing;
    const form = formFromAgent(agent);
    expect(validateAgentForm(form, 'edit')).toEqual([]);
    expect(changeBody({ ...form, displayName: '', capacity: '4' })).toEqual({
      role: 'agent',
      capacity: 4,
      appIds: [shop.appId],
      queues: [{ appId: shop.appId, queueId: 'vip' }],
    });
    expect(validateAgentForm({ ...form, capacity: '' }, 'edit').map((problem) => problem.field)).toEqual([
      'capacity',
    ]);
  });
});

describe('the app form', () => {
  it('starts a new app in secure mode, with a fresh Token and EncodingAESKey', () => {
    const form = newAppForm();
    expect(form.token).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(form.encodingAesKey).toMatch(/^[A-Za-z0-9]{43}$/);
    expect(newAppForm().token).not.toBe(form.token);
    expect(validateAppForm(form, 'add').map((problem) => problem.field)).toEqual(['appId', 'secret']);
    const complete = { ...form, appId: 'wx00000000000000b2', secret: 'S'.repeat(32) };
    expect(validateAppForm(complete, 'add')).toEqual([]);
    // An empty key is plaintext mode.
    expect(appCreationBody({ ...complete, encodingAesKey: '' })).not.toHaveProperty('encodingAesKey');
    expect(enteredValues(complete)).toEqual({ token: form.token, encodingAesKey: form.encodingAesKey });
  });

  it('sends a write-only value only while it is being replaced', () => {
    const app = {
      appId: 'wx00000000000000b2',
      name: 'Shop',
      type: 'miniprogram',
      format: 'json',
    } as ManagedApp;
    const form = formFromApp(app);
    expect(validateAppForm(form, 'edit')).toEqual([]);
    expect(appChangeBody(form)).toEqual({ name: 'Shop', type: 'miniprogram', format: 'json' });
    const newSecret = { ...replacing(form, 'secret', true), secret: 'T'.repeat(20) };
    expect(appChangeBody(newSecret)).toMatchObject({ secret: 'T'.repeat(20) });
    expect(appChangeBody(newSecret)).not.toHaveProperty('token');
    expect(enteredValues(newSecret)).toEqual({});
    const newToken = replacing(form, 'token', true);
    expect(newToken.token).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(appChangeBody(replacing(newToken, 'token', false))).not.toHaveProperty('token');
  });

  it('edits the follow-up template: keywords one per line, an emptied id removing it', () => {
    const followUp: FollowUpTemplate = {
      templateId: 'tpl',
      fields: { thing1: 'answer', time2: 'answered-at' },
      page: 'pages/index',
    };
    const app = { appId: 'wx00000000000000b4', name: 'Shop', type: 'miniprogram', format: 'json', followUp };
    const form = formFromApp(app as ManagedApp);
    expect(form.followUpFields).toBe('thing1=answer\ntime2=answered-at');
    expect(appChangeBody(form).followUp).toEqual(followUp);
    const edited = { ...form, followUpFields: ' thing1 = answer \n\nthing3=app-name', followUpPage: '' };
    expect(appChangeBody(edited).followUp).toEqual({
      templateId: 'tpl',
      fields: { thing1: 'answer', thing3: 'app-name' },
    });
    expect(validateAppForm({ ...form, followUpFields: 'thing1=question' }, 'edit')).toEqual([
      { field: 'followUp', message: t('apps.problem.followUp') },
    ]);
    expect(appChangeBody({ ...form, followUpTemplateId: '' }).followUp).toBeNull();
  });

  it("edits an Official Account's menu keys, one per line as the CLI takes them", () => {
    const app = {
      appId: 'wx00000000000000b3',
      name: 'News',
      type: 'official-account',
      format: 'xml',
      menuKeys: [
        { key: 'CONTACT_KF', action: 'contact' },
        { key: 'HOURS', action: 'reply', reply: '每天 9:00–18:00' },
      ],
    } as ManagedApp;
    const form = formFromApp(app);
    expect(form.menuKeys).toBe('contact:CONTACT_KF\nreply:HOURS=>每天 9:00–18:00');
    expect(validateAppForm(form, 'edit')).toEqual([]);
    expect(appChangeBody(form).menuKeys).toEqual(app.menuKeys);
    const edited = { ...form, menuKeys: ' contact:CONTACT_KF=>马上为您转接 \n\n' };
    expect(appChangeBody(edited).menuKeys).toEqual([
      { key: 'CONTACT_KF', action: 'contact', reply: '马上为您转接' },
    ]);
    expect(appChangeBody({ ...form, menuKeys: '' }).menuKeys).toEqual([]);
    // Machine transcripts stay off until the owner ticks them.
    expect(form.machineTranscripts).toBe(false);
    expect(appChangeBody(form).machineTranscripts).toBe(false);
    expect(appChangeBody({ ...form, machineTranscripts: true }).machineTranscripts).toBe(true);
    expect(formFromApp({ ...app, machineTranscripts: true }).machineTranscripts).toBe(true);
    for (const menuKeys of [
      'CONTACT_KF',
      'reply:HOURS',
      'call:X',
      'contact:A\ncontact:A',
      `contact:${'k'.repeat(129)}`,
    ]) {
      expect(
        validateAppForm({ ...form, menuKeys }, 'edit').map((problem) => problem.field),
        menuKeys,
      ).toEqual(['menuKeys']);
    }
    // A Mini Program has no menu: nothing is sent for it.
    expect(appChangeBody({ ...form, type: 'miniprogram', format: 'json' })).not.toHaveProperty('menuKeys');
  });

  it('settles an Official Account on XML', () => {
    const app = {
      appId: 'wx00000000000000b2',
      name: 'News',
      type: 'miniprogram',
      format: 'json',
    } as ManagedApp;
    const form = withType(formFromApp(app), 'official-account');
    expect(form.format).toBe('xml');
    expect(validateAppForm({ ...form, format: 'json' }, 'edit').map((problem) => problem.field)).toEqual([
      'format',
    ]);
  });
});

describe('credentialsText', () => {
  it("says WeChat's answer by its errcode, naming the address it saw", () => {
    setLocale('zh-CN', false);
    const appId = 'wx00000000000000c3';
    expect(credentialsText(appId, { ok: true, sentence: 'x' })).toBe(
      '微信已接受 AppID 和 AppSecret，并签发了 access_token。',
    );
    expect(credentialsText(appId, { ok: false, errcode: 40164, ip: '203.0.113.7', sentence: 'x' })).toContain(
      '203.0.113.7',
    );
    expect(credentialsText(appId, { ok: false, errcode: 40013, sentence: 'x' })).toContain(appId);
    expect(credentialsText(appId, { ok: false, errcode: 40125, sentence: 'x' })).toContain('AppSecret');
    expect(credentialsText(appId, { ok: false, errcode: 40243, sentence: 'x' })).toContain('冻结');
    expect(credentialsText(appId, { ok: false, errcode: 45009, sentence: 'x' })).toBe(
      '微信拒绝了这组凭据（错误码 45009）。',
    );
    expect(
      credentialsText(appId, { ok: false, sentence: 'WeChat did not answer (timeout); try again later.' }),
    ).toBe('微信没有响应，请稍后再试。');
    expect(credentialsText(appId, { ok: false, sentence: 'Something only the server knows.' })).toBe(
      'Something only the server knows.',
    );
  });
});

describe('invitation links', () => {
  it('read the token from the fragment, and point at this console', () => {
    const token = 'A'.repeat(43);
    expect(invitationToken(`#invitation=${token}`)).toBe(token);
    expect(invitationToken('#other=1')).toBeUndefined();
    expect(invitationToken('')).toBeUndefined();
    expect(invitationLinkHere({ origin: 'https://cs.example', pathname: '/console/' }, token)).toBe(
      `https://cs.example/console/#invitation=${token}`,
    );
  });
});
