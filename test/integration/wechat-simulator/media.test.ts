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
