import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaExists } from '../../../shared/store/media-store.ts';
import { servedConversation } from '../../support/conversation-fixture.ts';
import { uploadPicture } from '../../support/pictures.ts';
import { startSystem, type TestSystem } from '../../support/system.ts';

/**
 * A picture an agent sends must be one their workspace uploaded: keys are parsed, never prefix-matched,
 * so `..`, encodings of it, backslashes and NULs cannot reach another workspace's (or app's) pictures.
 */

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem();
});

afterAll(async () => {
  await system?.stop();
});

async function upload(token: string): Promise<string> {
  const response = await uploadPicture(system.runtime.httpUrl, token);
  return ((await response.json()) as { storageKey: string }).storageKey;
}

describe('storage keys an agent sends', () => {
  it('are refused with 400 unless this workspace issued them, and nothing is written', async () => {
    const ours = await servedConversation(system, { workspaceId: 'shop-a' });
    const theirs = await servedConversation(system, { workspaceId: 'shop-b' });
    const theirKey = await upload(theirs.agent.token);
    const theirId = theirKey.split('/').at(-1);
    const ownKey = await upload(ours.agent.token);
    const forged = [
      theirKey,
      theirKey.replace(/^drafts\//, 'uploads/'),
      `drafts/shop-a/../shop-b/${theirId}`,
      `uploads/shop-a/../shop-b/${theirId}`,
      `uploads/shop-a/%2e%2e/shop-b/${theirId}`,
      `uploads/shop-a/..%2fshop-b/${theirId}`,
      `uploads/shop-a\\..\\shop-b\\${theirId}`,
      `uploads/shop-a/../../inbound/${theirs.app.appId}/picture`,
      `${ownKey}\u0000`,
      `${ownKey}/../${theirId}`,
      'uploads/shop-a/01J0000000000000000000000Z',
    ];
    const before = await system.countItems();
    for (const storageKey of forged) {
      const image = await ours.send({ type: 'image', storageKey });
      expect(image.status, storageKey).toBe(400);
      const card = await ours.send({
        type: 'miniprogrampage',
        title: '商品',
        pagePath: 'pages/item?id=1',
        thumbStorageKey: storageKey,
      });
      expect(card.status, storageKey).toBe(400);
    }
    expect(await system.countItems()).toBe(before);
    // Nor is anything copied: their draft is not kept on their behalf by our refused sends.
    expect(await mediaExists(theirKey.replace(/^drafts\//, 'uploads/'))).toBe(false);
    expect(theirs.customer.inbox).toHaveLength(0);
    expect(ours.customer.inbox).toHaveLength(0);

    const own = await ours.send({ type: 'image', storageKey: ownKey });
    expect(own.status).toBe(201);
    await Promise.all([ours.socket.close(), theirs.socket.close()]);
  });
});
