import { describe, expect, it } from 'vitest';
import type { MessageContent } from '../../../shared/domain/message.ts';
import { problemWithOutbound } from '../../../shared/domain/outbound-content.ts';

const linked = 'wx11112222333344aa';
const officialAccount = { type: 'official-account' as const, linkedMiniPrograms: [linked] };
const miniProgram = { type: 'miniprogram' } as const;
const card = (appId?: string): MessageContent => ({
  type: 'miniprogrampage',
  title: '限时优惠',
  pagePath: 'pages/item/index?id=42',
  thumbStorageKey: 'uploads/test/01J0000000000000000000000',
  ...(appId ? { appId } : {}),
});
const link = (fields: Partial<Extract<MessageContent, { type: 'link' }>> = {}): MessageContent => ({
  type: 'link',
  title: '帮助',
  description: '常见问题',
  url: 'https://example.com/faq',
  thumbUrl: 'https://example.com/t.png',
  ...fields,
});

describe("an Official Account's Mini Program card (issue 17)", () => {
  it('must name a Mini Program linked to the account', () => {
    expect(problemWithOutbound(card(), officialAccount)?.code).toBe('miniprogram_appid_required');
    expect(problemWithOutbound(card('wx99998888777766ff'), officialAccount)?.code).toBe(
      'miniprogram_not_linked',
    );
    expect(problemWithOutbound(card(linked), officialAccount)).toBeUndefined();
  });

  it('cannot be sent at all by an account with no linked Mini Program', () => {
    const none = problemWithOutbound(card(), { type: 'official-account' });
    expect(none).toMatchObject({ code: 'miniprogram_appid_required' });
    expect(none?.sentence).toContain('no linked Mini Program');
    expect(problemWithOutbound(card(linked), { type: 'official-account' })?.code).toBe(
      'miniprogram_not_linked',
    );
  });

  it("a Mini Program's own card needs no AppID", () => {
    expect(problemWithOutbound(card(), miniProgram)).toBeUndefined();
  });
});

describe('a link card (issue 17)', () => {
  it('needs a title, a description, an http(s) address and an http(s) thumbnail', () => {
    expect(problemWithOutbound(link(), miniProgram)).toBeUndefined();
    for (const missing of [
      { title: ' ' },
      { description: undefined },
      { description: '' },
      { thumbUrl: undefined },
      { thumbUrl: '' },
      { thumbUrl: 'ftp://example.com/t.png' },
      { url: 'example.com' },
    ]) {
      expect(problemWithOutbound(link(missing), miniProgram)?.code).toBe('link_card_incomplete');
    }
  });

  it('is an Official Account’s too (sent as its one-article news), under the same rule', () => {
    expect(problemWithOutbound(link(), officialAccount)).toBeUndefined();
    expect(problemWithOutbound(link({ thumbUrl: '' }), officialAccount)?.code).toBe('link_card_incomplete');
  });
});

describe('voice and video answers', () => {
  const voice: MessageContent = { type: 'voice', storageKey: 'uploads/test/01J0000000000000000000000' };
  const video: MessageContent = {
    type: 'video',
    storageKey: 'uploads/test/01J0000000000000000000001',
    short: false,
  };

  it('are an Official Account’s, once uploaded', () => {
    expect(problemWithOutbound(voice, officialAccount)).toBeUndefined();
    expect(problemWithOutbound(video, officialAccount)).toBeUndefined();
    expect(problemWithOutbound({ type: 'voice' }, officialAccount)?.sentence).toBe('Upload the voice first.');
  });

  it('are refused from a Mini Program, with the reason', () => {
    for (const content of [voice, video]) {
      const problem = problemWithOutbound(content, miniProgram);
      expect(problem?.code).toBe('voice_video_official_account_only');
      expect(problem?.sentence).toContain('Only Official Accounts can send voice and video');
    }
  });
});
