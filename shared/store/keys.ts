/** Item keys of the core table (single-table style: the prefix says what an item is). */

export const appKey = (appId: string) => ({ pk: `APP#${appId}`, sk: 'APP' });

export const appMemberKey = (appId: string, agentId: string) => ({
  pk: `APP#${appId}`,
  sk: `MEMBER#${agentId}`,
});

export const agentKey = (agentId: string) => ({ pk: `AGENT#${agentId}`, sk: 'AGENT' });

export const sessionKey = (agentId: string, sessionId: string) => ({
  pk: `AGENT#${agentId}`,
  sk: `SESSION#${sessionId}`,
});

/** Wrong passwords counted per username or per source address (sign-in throttling). */
export const signInFailuresKey = (subject: string, value: string) => ({
  pk: `SIGNIN_FAILURES#${subject}#${value}`,
  sk: 'SIGNIN_FAILURES',
});

export const usernameKey = (username: string) => ({ pk: `USERNAME#${username}`, sk: 'USERNAME' });

export const customerKey = (appId: string, openId: string) => ({
  pk: `CUSTOMER#${appId}#${openId}`,
  sk: 'CUSTOMER',
});

/**
 * What agents know about a customer (remark name, tags, note) and what the customer's pushes tell
 * (last reported location), beside the customer's routing item so neither write contends with the other.
 */
export const customerProfileKey = (appId: string, openId: string) => ({
  pk: `CUSTOMER#${appId}#${openId}`,
  sk: 'PROFILE',
});

/** Every tag the workspace's agents have given customers: what the profile panel suggests. */
export const customerTagsKey = (workspaceId: string) => ({
  pk: `CUSTOMER_TAGS#${workspaceId}`,
  sk: 'CUSTOMER_TAGS',
});

/**
 * How far an agent has read a conversation. A partition of its own per agent: one query lists their
 * cursors, and the agent's partition, read whole at every request, does not grow with them.
 */
export const readCursorKey = (agentId: string, conversationId: string) => ({
  pk: `READ#${agentId}`,
  sk: `READ#${conversationId}`,
});

/**
 * The `byCustomer` partition of a customer's conversations with one app (their history), an
 * attribute only conversation items carry, set when the conversation is created and never changed.
 */
export const customerHistoryPartition = (appId: string, openId: string) => `HISTORY#${appId}#${openId}`;

export const conversationKey = (conversationId: string) => ({
  pk: `CONVERSATION#${conversationId}`,
  sk: 'CONVERSATION',
});

export const dedupeKey = (appId: string, key: string) => ({ pk: `DEDUPE#${appId}#${key}`, sk: 'DEDUPE' });

/** gsi1 partition of the conversations an agent closed (those they serve are in the `serving` index). */
export const assigneePartition = (agentId: string) => `ASSIGNEE#${agentId}`;

/** gsi1 partition of the conversations waiting in one queue of an app. */
export const waitingPartition = (appId: string, queueId: string) => `WAITING#${appId}#${queueId}`;

/** How many partitions each kind of the `due` index is spread over; housekeeping reads them all. */
export const dueShardCount = 4;

export type DueKind = 'ACTIVE' | 'QUEUED';

/** One shard of one kind of the `due` index. */
export const dueShardPartition = (kind: DueKind, shard: number) => `${kind}#${shard}`;

/** The `due` index partition of a conversation: its kind, and a shard fixed by its id. */
export const duePartition = (kind: DueKind, conversationId: string) => {
  let hash = 0;
  for (let index = 0; index < conversationId.length; index++)
    hash = (hash * 31 + conversationId.charCodeAt(index)) | 0;
  return dueShardPartition(kind, Math.abs(hash) % dueShardCount);
};

/** A queue's handling figures, one item per hour (`yyyy-mm-ddThh`, UTC). */
export const queueHandlingPartition = (appId: string, queueId: string) =>
  `QUEUE_HANDLING#${appId}#${queueId}`;

export const queueHandlingKey = (appId: string, queueId: string, hour: string) => ({
  pk: queueHandlingPartition(appId, queueId),
  sk: `HOUR#${hour}`,
});

/** A queue's settings live beside its app. */
export const queueKey = (appId: string, queueId: string) => ({ pk: `APP#${appId}`, sk: `QUEUE#${queueId}` });

/** Membership is written twice, so both "who serves this queue" and "which queues does she serve" are one query. */
export const queueMemberKey = (appId: string, queueId: string, agentId: string) => ({
  pk: `QUEUE#${appId}#${queueId}`,
  sk: `MEMBER#${agentId}`,
});

export const agentQueueKey = (agentId: string, appId: string, queueId: string) => ({
  pk: `AGENT#${agentId}`,
  sk: `QUEUE#${appId}#${queueId}`,
});

export const accessTokenKey = (appId: string) => ({ pk: `ACCESS_TOKEN#${appId}`, sk: 'ACCESS_TOKEN' });

/** Marks a console send as seen, so a retried send returns the first one instead of sending twice. */
export const clientMessageKey = (authorId: string, clientMessageId: string) => ({
  pk: `CLIENT_MESSAGE#${authorId}#${clientMessageId}`,
  sk: 'CLIENT_MESSAGE',
});

export const appIndexKey = (appId: string) => ({ pk: 'APP_INDEX', sk: appId });

/** A workspace, and beside it one item per agent of it (how its agents are listed). */
export const workspaceKey = (workspaceId: string) => ({ pk: `WORKSPACE#${workspaceId}`, sk: 'WORKSPACE' });

export const workspaceAgentKey = (workspaceId: string, agentId: string) => ({
  pk: `WORKSPACE#${workspaceId}`,
  sk: `AGENT#${agentId}`,
});

/** An invitation, found by the hash of its token (the token itself is never stored). */
export const invitationKey = (tokenHash: string) => ({ pk: `INVITATION#${tokenHash}`, sk: 'INVITATION' });

/** A month of a workspace's audit trail; entries sort by time (ISO 8601) and id. */
export const auditPartition = (workspaceId: string, month: string) => `AUDIT#${workspaceId}#${month}`;

/** A quick reply, found by its id alone (the routes name it so); its workspace is an attribute. */
export const quickReplyKey = (quickReplyId: string) => ({
  pk: `QUICK_REPLY#${quickReplyId}`,
  sk: 'QUICK_REPLY',
});

/**
 * gsi1 partition of a workspace's quick replies; the sort key starts with the set (see
 * `quickReplySetPrefix`), so one set, or every queue's, is one range of it.
 */
export const quickRepliesPartition = (workspaceId: string) => `QUICK_REPLIES#${workspaceId}`;

/** The gsi1 sort-key prefix of a set of quick replies. Queue ids and agent ids never contain `#`. */
export const quickReplySetPrefix = (
  set:
    | { kind: 'workspace' }
    | { kind: 'queue'; appId?: string; queueId?: string }
    | { kind: 'personal'; agentId: string },
): string => {
  switch (set.kind) {
    case 'workspace':
      return 'WORKSPACE#';
    case 'personal':
      return `AGENT#${set.agentId}#`;
    case 'queue':
      // Without a queue: every queue of the app; without an app: every queue of the workspace.
      if (set.appId === undefined) return 'QUEUE#';
      return set.queueId === undefined ? `QUEUE#${set.appId}#` : `QUEUE#${set.appId}#${set.queueId}#`;
  }
};

/**
 * A push that belongs to no conversation (delivery reports, events nobody acts on), kept for audit in
 * the customer's history, in time order; the dedupe key makes WeChat's retries land on the same item.
 */
export const pushRecordKey = (appId: string, openId: string, createTime: number, dedupe: string) => ({
  pk: `PUSHES#${appId}#${openId}`,
  sk: `${String(createTime).padStart(12, '0')}#${dedupe}`,
});

/** How many subscribe messages of a template the customer still allows (follow-up.ts). */
export const subscriptionGrantKey = (appId: string, openId: string, templateId: string) => ({
  pk: `SUBSCRIPTION_GRANT#${appId}#${openId}`,
  sk: `TEMPLATE#${templateId}`,
});

/**
 * A closed conversation's entry in its workspace's history, keyed by the conversation alone: closing
 * it again rewrites the same item.
 */
export const closedConversationKey = (conversationId: string) => ({
  pk: `CLOSED_CONVERSATION#${conversationId}`,
  sk: 'CLOSED_CONVERSATION',
});

/** gsi1 partition of a workspace's closed conversations, sorted by `closedHistorySortKey`. */
export const closedHistoryPartition = (workspaceId: string) => `CLOSED#${workspaceId}`;

/** Closing time first (fixed width, so text order is time order), then the conversation for uniqueness. */
export const closedHistorySortKey = (closedAt: number, conversationId: string) =>
  `${String(closedAt).padStart(15, '0')}#${conversationId}`;
