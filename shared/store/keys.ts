/** Item keys of the core table (single-table style: the prefix says what an item is). */

export const appKey = (appId: string) => ({ pk: `APP#${appId}`, sk: 'APP' });

export const appMemberKey = (appId: string, agentId: string) => ({
  pk: `APP#${appId}`,
  sk: `MEMBER#${agentId}`,
});

export const agentKey = (agentId: string) => ({ pk: `AGENT#${agentId}`, sk: 'AGENT' });

export const usernameKey = (username: string) => ({ pk: `USERNAME#${username}`, sk: 'USERNAME' });

export const customerKey = (appId: string, openId: string) => ({
  pk: `CUSTOMER#${appId}#${openId}`,
  sk: 'CUSTOMER',
});

export const conversationKey = (conversationId: string) => ({
  pk: `CONVERSATION#${conversationId}`,
  sk: 'CONVERSATION',
});

export const dedupeKey = (appId: string, key: string) => ({ pk: `DEDUPE#${appId}#${key}`, sk: 'DEDUPE' });

/** gsi1 partition of the conversations an agent is serving. */
export const assigneePartition = (agentId: string) => `ASSIGNEE#${agentId}`;

/** gsi1 partition of the conversations waiting for an agent of an app. */
export const waitingPartition = (appId: string) => `WAITING#${appId}`;

export const accessTokenKey = (appId: string) => ({ pk: `ACCESS_TOKEN#${appId}`, sk: 'ACCESS_TOKEN' });

/** Marks a console send as seen, so a retried send returns the first one instead of sending twice. */
export const clientMessageKey = (authorId: string, clientMessageId: string) => ({
  pk: `CLIENT_MESSAGE#${authorId}#${clientMessageId}`,
  sk: 'CLIENT_MESSAGE',
});

export const appIndexKey = (appId: string) => ({ pk: 'APP_INDEX', sk: appId });
