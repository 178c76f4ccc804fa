import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../../shared/domain/message.ts';
import { isStatus, servedConversation } from '../../support/conversation-fixture.ts';
import { onePixelPng, uploadPicture } from '../../support/pictures.ts';
import { startSystem, type TestSystem } from '../../support/system.ts';
import { amrVoice, mp3DurationMs, mp3Voice, mp4Video } from '../../support/voice-video-files.ts';

/** Voice and video answers: an Official Account's, uploaded as temporary media, then sent. */

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem();
});

afterAll(async () => {
  await system?.stop();
});

const upload = (token: string, kind: string, bytes: Buffer, contentType: string) =>
  fetch(`${system.runtime.httpUrl}/api/media?kind=${kind}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body: bytes,
  });

interface Uploaded {
  storageKey: string;
  contentType: string;
  durationMs?: number;
  url: string;
}

describe('an Official Account agent answers with a voice message', () => {
  it('reaches the customer as WeChat voice whose media the simulator holds', async () => {
    const served = await servedConversation(system, { type: 'official-account', format: 'xml' });
    const voice = amrVoice(3000);
    const uploaded = await upload(served.agent.token, 'voice', voice, 'audio/amr');
    expect(uploaded.status).toBe(201);
    const stored = (await uploaded.json()) as Uploaded;
    expect(stored).toMatchObject({ contentType: 'audio/amr', durationMs: 3000 });

    const response = await served.send({ type: 'voice', storageKey: stored.storageKey });
    expect(response.status).toBe(201);
    const { message } = (await response.json()) as { message: Message };
    // Sent, the voice is kept under uploads/ with its draft's id; the draft is left to expire.
    expect(message.content).toEqual({
      type: 'voice',
      storageKey: stored.storageKey.replace(/^drafts\//, 'uploads/'),
      durationMs: 3000,
      format: 'amr',
    });

    const received = await served.customer.nextReceived();
    expect(received.msgtype).toBe('voice');
    expect(received.body).toEqual({
      touser: served.customer.openId,
      msgtype: 'voice',
      voice: { media_id: received.media?.mediaId },
    });
    expect(received.media).toMatchObject({ type: 'voice', contentType: 'audio/amr' });
    expect(received.media?.bytes.equals(voice)).toBe(true);
    await served.socket.next(isStatus('sent', message.messageId));
    await served.socket.close();
  });

  it('takes an MP3 too, its length read from its frames', async () => {
    const served = await servedConversation(system, { type: 'official-account', format: 'xml' });
    const stored = (await (
      await upload(served.agent.token, 'voice', mp3Voice(200), 'audio/mpeg')
    ).json()) as Uploaded;
    expect(stored).toMatchObject({ contentType: 'audio/mpeg', durationMs: mp3DurationMs(200) });
    expect((await served.send({ type: 'voice', storageKey: stored.storageKey })).status).toBe(201);
    const received = await served.customer.nextReceived();
    expect(received.media).toMatchObject({ type: 'voice', contentType: 'audio/mpeg' });
    await served.socket.close();
  });

  it('refuses an over-long or wrong-format voice with a 400 and a sentence, uploading and sending nothing', async () => {
    const served = await servedConversation(system, { type: 'official-account', format: 'xml' });
    const uploadsBefore = system.simulator.calls('media_upload');
    const sendsBefore = system.simulator.calls('custom_send');
    for (const [bytes, sentence] of [
      [amrVoice(61_000), 'The voice message lasts 61 s; WeChat accepts at most 60 s.'],
      [Buffer.from('RIFF\0\0\0\0WAVEfmt '), 'Only AMR and MP3 voice messages can be sent.'],
      [onePixelPng, 'Only AMR and MP3 voice messages can be sent.'],
    ] as const) {
      const refused = await upload(served.agent.token, 'voice', bytes, 'audio/amr');
      expect(refused.status).toBe(400);
      const answer = (await refused.json()) as Record<string, unknown>;
      expect(answer).toMatchObject({ error: { message: sentence } });
      expect(answer).not.toHaveProperty('storageKey');
    }
    // A picture's key cannot be sent as a voice either.
    const picture = (await (
      await uploadPicture(system.runtime.httpUrl, served.agent.token)
    ).json()) as Uploaded;
    const asVoice = await served.send({ type: 'voice', storageKey: picture.storageKey });
    expect(asVoice.status).toBe(400);
    expect(JSON.stringify(await asVoice.json())).toContain('Only AMR and MP3 voice messages can be sent.');
    expect(system.simulator.calls('media_upload')).toBe(uploadsBefore);
    expect(system.simulator.calls('custom_send')).toBe(sendsBefore);
    expect(served.customer.inbox).toHaveLength(0);
    await served.socket.close();
  });

  it('refuses a voice uploaded in another workspace, or no longer stored', async () => {
    const served = await servedConversation(system, { type: 'official-account', format: 'xml' });
    const other = await servedConversation(system, {
      type: 'official-account',
      format: 'xml',
      workspaceId: 'elsewhere',
    });
    const theirs = (await (
      await upload(other.agent.token, 'voice', amrVoice(1000), 'audio/amr')
    ).json()) as Uploaded;
    const refused = await served.send({ type: 'voice', storageKey: theirs.storageKey });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain('The voice was not uploaded here');
    // A key of the right shape and workspace that holds nothing.
    const missing = await served.send({
      type: 'voice',
      storageKey: 'uploads/test/01J00000000000000000000000',
    });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(await missing.json())).toContain('The voice is no longer stored');
    expect(served.customer.inbox).toHaveLength(0);
    await Promise.all([served.socket.close(), other.socket.close()]);
  });
});

describe('an Official Account agent answers with a video', () => {
  it('reaches the customer as WeChat video with its title, the media held by the simulator', async () => {
    const served = await servedConversation(system, { type: 'official-account', format: 'xml' });
    const video = mp4Video(4096);
    const stored = (await (await upload(served.agent.token, 'video', video, 'video/mp4')).json()) as Uploaded;
    expect(stored.contentType).toBe('video/mp4');
    const response = await served.send({ type: 'video', storageKey: stored.storageKey, title: '安装演示' });
    expect(response.status).toBe(201);
    const received = await served.customer.nextReceived();
    expect(received.body).toMatchObject({
      msgtype: 'video',
      video: { media_id: received.media?.mediaId, title: '安装演示' },
    });
    expect(received.media).toMatchObject({ type: 'video', contentType: 'video/mp4' });
    expect(received.media?.bytes.equals(video)).toBe(true);
    await served.socket.close();
  });

  it('refuses what is not MP4, and sends a video over a request body’s size to an upload link', async () => {
    const served = await servedConversation(system, { type: 'official-account', format: 'xml' });
    const notMp4 = await upload(served.agent.token, 'video', amrVoice(1000), 'video/mp4');
    expect(notMp4.status).toBe(400);
    expect(await notMp4.json()).toMatchObject({ error: { message: 'Only MP4 videos can be sent.' } });
    const tooLarge = await upload(served.agent.token, 'video', mp4Video(4 * 1024 * 1024 + 1), 'video/mp4');
    expect(tooLarge.status).toBe(413);
    expect(JSON.stringify(await tooLarge.json())).toContain(
      'a request body takes at most 4.0 MB: upload a larger video through a link from POST /api/media/upload-links',
    );
    await served.socket.close();
  });
});

describe('a video of up to 10 MB, through an upload link', () => {
  const askLink = (token: string, body: unknown) =>
    fetch(`${system.runtime.httpUrl}/api/media/upload-links`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  interface Link extends Uploaded {
    uploadUrl: string;
    size: number;
  }

  it('goes straight into the media bucket and reaches the customer as WeChat video', async () => {
    const served = await servedConversation(system, { type: 'official-account', format: 'xml' });
    const video = mp4Video(9 * 1024 * 1024);
    const issued = await askLink(served.agent.token, { kind: 'video', bytes: video.length });
    expect(issued.status).toBe(201);
    const link = (await issued.json()) as Link;
    expect(link).toMatchObject({ contentType: 'video/mp4', size: video.length });
    expect(link.storageKey).toMatch(/^drafts\/[a-z0-9-]+\/[0-9A-Z]{26}$/);
    const signed = new URL(link.uploadUrl).searchParams;
    // Signed for its size and type; no checksum of a body that did not exist when it was signed.
    expect(signed.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(signed.get('X-Amz-Expires')).toBe('900');
    expect([...signed.keys()].filter((key) => key.startsWith('x-amz-checksum-'))).toEqual([]);

    const put = await fetch(link.uploadUrl, {
      method: 'PUT',
      headers: { 'content-type': 'video/mp4', origin: 'http://127.0.0.1:5173' },
      body: video,
    });
    expect(put.status).toBe(200);
    expect(put.headers.get('access-control-allow-origin')).toBe('*');
    const response = await served.send({ type: 'video', storageKey: link.storageKey, title: '开箱' });
    expect(response.status).toBe(201);
    const { message } = (await response.json()) as { message: Message };
    expect(message.content).toMatchObject({
      storageKey: link.storageKey.replace(/^drafts\//, 'uploads/'),
    });
    const received = await served.customer.nextReceived();
    expect(received.body).toMatchObject({ msgtype: 'video', video: { title: '开箱' } });
    expect(received.media?.bytes.equals(video)).toBe(true);
    await served.socket.close();
  });

  it('is refused over WeChat’s 10 MB, and what arrives through it is checked again when sent', async () => {
    const served = await servedConversation(system, { type: 'official-account', format: 'xml' });
    const over = await askLink(served.agent.token, { kind: 'video', bytes: 10 * 1024 * 1024 + 1 });
    expect(over.status).toBe(413);
    expect(JSON.stringify(await over.json())).toContain('WeChat accepts at most 10.0 MB');
    for (const body of [{ kind: 'voice', bytes: 100 }, { kind: 'video', bytes: 0 }, { kind: 'video' }]) {
      expect((await askLink(served.agent.token, body)).status, JSON.stringify(body)).toBe(400);
    }

    const notVideo = amrVoice(2000);
    const link = (await (
      await askLink(served.agent.token, { kind: 'video', bytes: notVideo.length })
    ).json()) as Link;
    await fetch(link.uploadUrl, { method: 'PUT', headers: { 'content-type': 'video/mp4' }, body: notVideo });
    const refused = await served.send({ type: 'video', storageKey: link.storageKey });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain('Only MP4 videos can be sent.');
    expect(served.customer.inbox).toHaveLength(0);
    await served.socket.close();
  });
});

describe('a Mini Program agent', () => {
  it('cannot send voice or video: 400 with the sentence, nothing sent', async () => {
    const served = await servedConversation(system, { type: 'miniprogram', format: 'json' });
    const sendsBefore = system.simulator.calls('custom_send');
    const voice = (await (
      await upload(served.agent.token, 'voice', amrVoice(1000), 'audio/amr')
    ).json()) as Uploaded;
    const video = (await (
      await upload(served.agent.token, 'video', mp4Video(), 'video/mp4')
    ).json()) as Uploaded;
    for (const content of [
      { type: 'voice', storageKey: voice.storageKey },
      { type: 'video', storageKey: video.storageKey },
    ]) {
      const refused = await served.send(content);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({
        error: {
          code: 'voice_video_official_account_only',
          message: expect.stringContaining('Only Official Accounts can send voice and video'),
        },
      });
    }
    expect(system.simulator.calls('custom_send')).toBe(sendsBefore);
    expect(served.customer.inbox).toHaveLength(0);
    await served.socket.close();
  });
});

describe('POST /api/media', () => {
  it('refuses an unknown kind', async () => {
    const served = await servedConversation(system, { type: 'official-account', format: 'xml' });
    const refused = await upload(served.agent.token, 'music', amrVoice(100), 'audio/amr');
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { message: 'kind is image, voice or video.' } });
    await served.socket.close();
  });
});
