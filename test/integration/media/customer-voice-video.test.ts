import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../../shared/domain/message.ts';
import { isMessageCreated, isUpdateOf } from '../../support/agent-socket.ts';
import { type ServedConversation, servedConversation } from '../../support/conversation-fixture.ts';
import { startSystem, type TestSystem } from '../../support/system.ts';
import { readRecording } from '../../support/voice-recordings.ts';
import { amrVoice, mp4Video } from '../../support/voice-video-files.ts';

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem();
});

afterAll(async () => {
  await system?.stop();
});

const createdOf = (served: ServedConversation, messageId: string) =>
  served.socket.frames.filter(
    (frame) => frame.type === 'message.created' && frame.message.messageId === messageId,
  );

async function bytesAt(url: string | undefined): Promise<Buffer> {
  const response = await fetch(url ?? 'http://invalid.test/');
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

async function historyMessage(served: ServedConversation, messageId: string): Promise<Message | undefined> {
  const response = await system.api(
    `/api/conversations/${served.conversation.conversationId}/messages`,
    served.agent.token,
  );
  const { messages } = (await response.json()) as { messages: Message[] };
  return messages.find((message) => message.messageId === messageId);
}

/** WeChat's media ids the platform recorded for the message. */
function mediaIdsOf(message: Message): string[] {
  const { content } = message;
  if (content.type !== 'voice' && content.type !== 'video') return [];
  return [content.mediaId, content.type === 'video' ? content.thumbMediaId : undefined].filter(
    (id): id is string => id !== undefined,
  );
}

describe("a customer's voice message", () => {
  it('reaches the agent once, is copied with its length, and stays downloadable after WeChat forgets it', async () => {
    const served = await servedConversation(system, { type: 'official-account' });
    const voice = readRecording('brokenCup');
    await served.customer.sendVoice(voice, { recognition: '我的快递还没到' });
    const created = await served.socket.next(isMessageCreated);
    expect(created.message.content).toMatchObject({
      type: 'voice',
      format: 'amr',
      recognition: '我的快递还没到',
      mediaId: expect.any(String),
    });
    const updated = await served.socket.next(isUpdateOf(created.message.messageId));
    expect(updated.message.content).toMatchObject({
      type: 'voice',
      storageKey: expect.any(String),
      durationMs: 10_940,
    });
    expect(updated.message.content).not.toHaveProperty('mediaUnavailable');
    expect(updated.message.mediaUrl).toContain('X-Amz-Expires=900');
    expect(await bytesAt(updated.message.mediaUrl)).toEqual(voice);
    // The console reads the bytes from its own origin, to decode them.
    const fromConsole = await fetch(updated.message.mediaUrl ?? '', {
      headers: { origin: 'http://127.0.0.1:5173' },
    });
    expect(fromConsole.headers.get('access-control-allow-origin')).toBe('*');

    for (const mediaId of mediaIdsOf(created.message)) system.simulator.forgetMedia(mediaId);
    const later = await historyMessage(served, created.message.messageId);
    expect(await bytesAt(later?.mediaUrl)).toEqual(voice);
    expect(createdOf(served, created.message.messageId)).toHaveLength(1);
  });

  it('that WeChat no longer has is marked expired, with its errcode, for the thread', async () => {
    const served = await servedConversation(system, { type: 'official-account' });
    system.simulator.failNext('media_get', { errcode: 40007, errmsg: 'invalid media_id' });
    await served.customer.sendVoice(amrVoice(400));
    const created = await served.socket.next(isMessageCreated);
    const updated = await served.socket.next(isUpdateOf(created.message.messageId));
    expect(updated.message.content).toMatchObject({
      type: 'voice',
      mediaUnavailable: { reason: 'expired', errcode: 40007 },
    });
    expect(updated.message.content).not.toHaveProperty('storageKey');
    expect(updated.message.mediaUrl).toBeUndefined();
  });

  it('cut off mid-frame is kept to download but marked corrupt, so the thread offers no player', async () => {
    const served = await servedConversation(system, { type: 'official-account' });
    const cut = readRecording('brokenCup').subarray(0, 5000);
    await served.customer.sendVoice(cut);
    const created = await served.socket.next(isMessageCreated);
    const updated = await served.socket.next(isUpdateOf(created.message.messageId));
    expect(updated.message.content).toMatchObject({
      type: 'voice',
      storageKey: expect.any(String),
      mediaUnavailable: { reason: 'corrupt' },
    });
    expect(updated.message.content).not.toHaveProperty('durationMs');
    expect(await bytesAt(updated.message.mediaUrl)).toEqual(cut);
  });
});

describe("a customer's video", () => {
  it('is downloaded from its video_url with its thumbnail, reaches the agent once, and survives WeChat forgetting it', async () => {
    const served = await servedConversation(system, { type: 'official-account' });
    const video = mp4Video(64 * 1024);
    await served.customer.sendVideo(video, { short: true });
    const created = await served.socket.next(isMessageCreated);
    expect(created.message.content).toMatchObject({
      type: 'video',
      short: true,
      thumbMediaId: expect.any(String),
    });
    const updated = await served.socket.next(isUpdateOf(created.message.messageId));
    expect(updated.message.content).toMatchObject({
      type: 'video',
      storageKey: expect.any(String),
      thumbStorageKey: expect.any(String),
    });
    expect(await bytesAt(updated.message.mediaUrl)).toEqual(video);
    const thumb = await bytesAt(updated.message.thumbMediaUrl);
    expect(thumb.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));

    expect(mediaIdsOf(created.message)).toHaveLength(2);
    for (const mediaId of mediaIdsOf(created.message)) system.simulator.forgetMedia(mediaId);
    const later = await historyMessage(served, created.message.messageId);
    expect(await bytesAt(later?.mediaUrl)).toEqual(video);
    expect(await bytesAt(later?.thumbMediaUrl)).toEqual(thumb);
    expect(createdOf(served, created.message.messageId)).toHaveLength(1);
  });

  it('that WeChat no longer has is marked expired, its thumbnail kept when WeChat still has that', async () => {
    const served = await servedConversation(system, { type: 'official-account' });
    system.simulator.failNext('media_get', { errcode: 40007, errmsg: 'invalid media_id' });
    await served.customer.sendVideo(mp4Video());
    const created = await served.socket.next(isMessageCreated);
    const updated = await served.socket.next(isUpdateOf(created.message.messageId));
    expect(updated.message.content).toMatchObject({
      type: 'video',
      thumbStorageKey: expect.any(String),
      mediaUnavailable: { reason: 'expired', errcode: 40007 },
    });
    expect(updated.message.mediaUrl).toBeUndefined();
    expect(updated.message.thumbMediaUrl).toContain('X-Amz-Expires=900');
  });
});
