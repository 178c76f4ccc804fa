import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedApp } from '../../../infra/local/wechat-simulator/index.ts';
import {
  accessToken,
  DAY,
  type Harness,
  PNG,
  postJson,
  SECOND,
  startHarness,
  uploadMedia,
} from './harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

async function setup(overrides: Partial<SimulatedApp> = {}) {
  const app = h.addApp(overrides);
  return { app, token: await accessToken(h.sim, app), customer: h.sim.customer(app.appId) };
}

function getMedia(token: string, mediaId: string): Promise<Response> {
  const query = new URLSearchParams({ access_token: token, media_id: mediaId });
  return fetch(`${h.sim.baseUrl}/cgi-bin/media/get?${query}`);
}

const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  Buffer.alloc(60, 1),
  Buffer.from([0xff, 0xd9]),
]);

describe('media/upload and media/get', () => {
  it('an uploaded image can be sent, lands in the inbox, and is served with its type', async () => {
    const { token, customer } = await setup();
    await customer.say('send me the picture');
    const uploaded = await uploadMedia(h.sim, token, PNG);
    expect(uploaded).toMatchObject({ errcode: 0, type: 'image', created_at: Math.floor(h.now() / 1000) });
    const mediaId = uploaded.media_id as string;
    expect(mediaId.length).toBeGreaterThan(20);

    const sent = await postJson(h.sim, '/cgi-bin/message/custom/send', token, {
      touser: customer.openId,
      msgtype: 'image',
      image: { media_id: mediaId },
    });
    expect(sent).toMatchObject({ errcode: 0 });
    expect(await customer.nextReceived()).toMatchObject({
      msgtype: 'image',
      body: { image: { media_id: mediaId } },
    });

    const response = await getMedia(token, mediaId);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${mediaId}.png"`);
    expect(Buffer.from(await response.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('after 3 days media/get answers JSON 40007 with HTTP 200, and sending it fails with 40007', async () => {
    const { app, token, customer } = await setup();
    const mediaId = (await uploadMedia(h.sim, token, JPEG, { contentType: 'image/jpeg', filename: 'a.jpg' }))
      .media_id as string;
    h.advance(3 * DAY - SECOND);
    const fresh = await accessToken(h.sim, app);
    const stillThere = await getMedia(fresh, mediaId);
    expect(stillThere.headers.get('content-type')).toBe('image/jpeg');
    await stillThere.arrayBuffer();

    h.advance(SECOND);
    const gone = await getMedia(fresh, mediaId);
    expect(gone.status).toBe(200);
    expect(gone.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await gone.json()).toMatchObject({
      errcode: 40007,
      errmsg: expect.stringMatching(/^invalid media_id/),
    });

    await customer.say('hi');
    const sent = await postJson(h.sim, '/cgi-bin/message/custom/send', fresh, {
      touser: customer.openId,
      msgtype: 'image',
      image: { media_id: mediaId },
    });
    expect(sent).toMatchObject({ errcode: 40007 });
  });

  it('media ids belong to one app', async () => {
    const one = await setup();
    const two = await setup();
    const mediaId = (await uploadMedia(h.sim, one.token, PNG)).media_id as string;
    expect(await (await getMedia(two.token, mediaId)).json()).toMatchObject({ errcode: 40007 });
  });

  it('the image a customer sends is media the platform can fetch', async () => {
    const { app, token, customer } = await setup({ format: 'json', mode: 'plaintext' });
    await customer.sendImage(JPEG);
    const message = h.platform.received(app.appId)[0]?.opened?.message;
    if (message?.kind !== 'image') throw new Error('expected an image push');
    const response = await getMedia(token, message.mediaId ?? '');
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await response.arrayBuffer()).equals(JPEG)).toBe(true);
  });

  it('refuses other types on a Mini Program (40004), non-images (40005), >10 MB (40009), no file (41005)', async () => {
    const { token } = await setup();
    expect(await uploadMedia(h.sim, token, PNG, { type: 'voice' })).toMatchObject({ errcode: 40004 });
    expect(
      await uploadMedia(h.sim, token, Buffer.from('just text'), { contentType: 'image/png' }),
    ).toMatchObject({
      errcode: 40005,
    });
    const huge = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]);
    expect(await uploadMedia(h.sim, token, huge)).toMatchObject({ errcode: 40009 });

    const form = new FormData();
    form.append('file', new Blob([PNG]), 'wrong-field.png');
    const response = await fetch(`${h.sim.baseUrl}/cgi-bin/media/upload?access_token=${token}&type=image`, {
      method: 'POST',
      body: form,
    });
    expect(await response.json()).toMatchObject({ errcode: 41005 });
  });

  it('an Official Account also uploads voice, answered without errcode as its API does', async () => {
    const { token } = await setup({ type: 'official-account' });
    const amr = Buffer.concat([Buffer.from('#!AMR\n', 'latin1'), Buffer.alloc(32)]);
    const uploaded = await uploadMedia(h.sim, token, amr, {
      type: 'voice',
      contentType: 'audio/amr',
      filename: 'v.amr',
    });
    expect(uploaded).toMatchObject({ type: 'voice', media_id: expect.any(String) });
    expect(uploaded.errcode).toBeUndefined();
  });
});

describe('Official Account media limits and videos', () => {
  const MB = 1024 * 1024;
  const AMR = Buffer.concat([Buffer.from('#!AMR\n', 'latin1'), Buffer.alloc(32)]);
  const MP4 = Buffer.concat([
    Buffer.from([0, 0, 0, 0x18]),
    Buffer.from('ftypmp42', 'latin1'),
    Buffer.alloc(64, 7),
  ]);
  const upload = (token: string, type: string, bytes: Buffer) =>
    uploadMedia(h.sim, token, bytes, {
      type,
      contentType: 'application/octet-stream',
      filename: `f.${type}`,
    });

  it('refuses each type over its size (40009–40012) or in another format (40005)', async () => {
    const { token } = await setup({ type: 'official-account' });
    const refused: [string, Buffer, number][] = [
      ['image', Buffer.concat([PNG, Buffer.alloc(10 * MB)]), 40009],
      ['voice', Buffer.concat([AMR, Buffer.alloc(2 * MB)]), 40010],
      ['video', Buffer.concat([MP4, Buffer.alloc(10 * MB)]), 40011],
      // Far over every limit: refused by the size of its type before it is even read whole.
      ['video', Buffer.concat([MP4, Buffer.alloc(25 * MB)]), 40011],
      ['thumb', Buffer.concat([JPEG, Buffer.alloc(64 * 1024)]), 40012],
      ['thumb', PNG, 40005],
      ['voice', PNG, 40005],
      ['video', AMR, 40005],
      ['file', PNG, 40004],
    ];
    for (const [type, bytes, errcode] of refused) {
      const answer = await upload(token, type, bytes);
      expect({ type, size: bytes.length, errcode: answer.errcode }).toEqual({
        type,
        size: bytes.length,
        errcode,
      });
    }
    expect(await upload(token, 'thumb', JPEG)).toMatchObject({ type: 'thumb', media_id: expect.any(String) });
  });

  it('media/get answers a video with JSON {video_url}, and that address serves the bytes', async () => {
    const { token } = await setup({ type: 'official-account' });
    const mediaId = (await upload(token, 'video', MP4)).media_id as string;
    const response = await getMedia(token, mediaId);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const answer = (await response.json()) as { video_url?: string };
    expect(Object.keys(answer)).toEqual(['video_url']);
    const video = await fetch(answer.video_url as string);
    expect(video.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await video.arrayBuffer()).equals(MP4)).toBe(true);
  });
});

describe("a customer's voice and video", () => {
  const AMR = Buffer.concat([Buffer.from('#!AMR\n', 'latin1'), Buffer.alloc(32, 0x3c)]);
  const MP4 = Buffer.concat([
    Buffer.from([0, 0, 0, 0x18]),
    Buffer.from('ftypmp42', 'latin1'),
    Buffer.alloc(64, 7),
  ]);

  it('a voice is pushed with MediaId, Format amr and Recognition, and media/get serves the AMR as WeChat does', async () => {
    const { app, token, customer } = await setup({
      type: 'official-account',
      format: 'xml',
      mode: 'plaintext',
    });
    await customer.sendVoice(AMR, { recognition: '你好' });
    const message = h.platform.received(app.appId)[0]?.opened?.message;
    if (message?.kind !== 'voice') throw new Error('expected a voice push');
    expect(message).toMatchObject({ format: 'amr', recognition: '你好' });
    const response = await getMedia(token, message.mediaId);
    expect(response.headers.get('content-type')).toBe('audio/amr');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${message.mediaId}.amr"`);
    expect(Buffer.from(await response.arrayBuffer()).equals(AMR)).toBe(true);

    h.sim.forgetMedia(message.mediaId);
    expect(await (await getMedia(token, message.mediaId)).json()).toMatchObject({ errcode: 40007 });
  });

  it('a short video is pushed with its thumbnail; media/get answers the video_url and serves the JPEG thumbnail', async () => {
    const { app, token, customer } = await setup({
      type: 'official-account',
      format: 'xml',
      mode: 'plaintext',
    });
    await customer.sendVideo(MP4, { short: true });
    const message = h.platform.received(app.appId)[0]?.opened?.message;
    if (message?.kind !== 'shortvideo') throw new Error('expected a shortvideo push');
    const answer = (await (await getMedia(token, message.mediaId)).json()) as { video_url: string };
    expect(Buffer.from(await (await fetch(answer.video_url)).arrayBuffer()).equals(MP4)).toBe(true);
    const thumb = await getMedia(token, message.thumbMediaId ?? '');
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');
    await thumb.arrayBuffer();

    h.sim.forgetMedia(message.mediaId);
    expect(await (await getMedia(token, message.mediaId)).json()).toMatchObject({ errcode: 40007 });
    expect((await fetch(answer.video_url)).status).toBe(404);
  });

  it('refuses a voice that is not AMR, and voice and video from a Mini Program customer', async () => {
    const official = await setup({ type: 'official-account', format: 'xml', mode: 'plaintext' });
    await expect(official.customer.sendVoice(MP4)).rejects.toThrow(/AMR/);
    await expect(official.customer.sendVideo(AMR)).rejects.toThrow(/MP4/);
    const mini = await setup({ type: 'miniprogram' });
    await expect(mini.customer.sendVoice(AMR)).rejects.toThrow(/Official Account/);
    await expect(mini.customer.sendVideo(MP4)).rejects.toThrow(/Official Account/);
  });
});
