/** The console's HTTP API: login, the agent's conversations and their history, and sending. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import type { Administrator } from '../shared/admin/audit-trail.ts';
import {
  addQuickReply,
  changeQuickReply,
  quickReplyBookOf,
  quickReplyChangeSchema,
  quickReplyCreationSchema,
  removeQuickReply,
} from '../shared/admin/quick-replies.ts';
import { listPublishedArticles } from '../shared/articles/published-articles.ts';
import { changePassword, newPasswordSchema, signOut } from '../shared/auth/account.ts';
import { acceptInvitation } from '../shared/auth/invitations.ts';
import { describeAgent, renewToken, signIn } from '../shared/auth/sign-in.ts';
import { actOnConversation } from '../shared/conversations/act-on-conversation.ts';
import { changeStatus } from '../shared/conversations/agent-presence.ts';
import { searchHistory } from '../shared/conversations/closed-history.ts';
import {
  type ConversationAction,
  transferTargetSchema,
} from '../shared/conversations/conversation-action-schema.ts';
import { readConversationHistory } from '../shared/conversations/conversation-history.ts';
import { conversationsOf } from '../shared/conversations/conversation-list.ts';
import { noteRequestSchema, writeNote } from '../shared/conversations/conversation-note.ts';
import {
  changeCustomerProfile,
  customerHistoryOf,
  customerNamesOf,
  customerProfileOf,
  type ProfileOutcome,
} from '../shared/conversations/customer-profile.ts';
import { readFollowUpOutlook } from '../shared/conversations/follow-up-chance.ts';
import { historySearchOf, historySearchSchema } from '../shared/conversations/history-search-schema.ts';
import { queueViewsFor } from '../shared/conversations/queue-view.ts';
import {
  markRead,
  markUnread,
  type ReadStateOutcome,
  readCursorsOf,
} from '../shared/conversations/read-state.ts';
import {
  type SendResult,
  sendAgentMessage,
  sendRequestSchema,
} from '../shared/conversations/send-agent-message.ts';
import { transferTargets } from '../shared/conversations/transfer-targets.ts';
import { customerProfileChangeSchema } from '../shared/domain/customer-profile-schema.ts';
import { ulidSchema } from '../shared/domain/id-schema.ts';
import { invitationTokenSchema } from '../shared/domain/invitation-token-schema.ts';
import { mayManageQuickReplies } from '../shared/domain/permissions.ts';
import { articleLimits } from '../shared/domain/published-article.ts';
import { administer } from '../shared/http/administer.ts';
import { authenticate } from '../shared/http/authenticate.ts';
import { badRequest, forbidden, HttpError, notFound, unauthorized } from '../shared/http/http-error.ts';
import { appIn, conversationIn, quickReplyIn } from '../shared/http/path-ids.ts';
import { parseJsonBody, parseQuery, pathParameter } from '../shared/http/request.ts';
import { requestSource } from '../shared/http/request-context.ts';
import { type HttpResult, json } from '../shared/http/responses.ts';
import { type Route, routedHandler } from '../shared/http/routed-handler.ts';
import { uploadImage } from '../shared/media/upload-image.ts';
import { uploadVoiceOrVideo } from '../shared/media/upload-voice-video.ts';
import { uploadLinkRequestSchema, videoUploadLink } from '../shared/media/video-upload-link.ts';
import { showTyping } from '../shared/outbound/show-typing.ts';

const loginBody = z.object({
  username: z.string().check(z.minLength(1), z.maxLength(64)),
  password: z.string().check(z.minLength(1), z.maxLength(256)),
});

const statusBody = z.object({ status: z.enum(['online', 'away', 'offline']) });

const signOutBody = z.strictObject({
  // Whether the agent stays reachable for new customers through their other consoles, or leaves.
  status: z.optional(z.enum(['away', 'offline'])),
});

const passwordBody = z.strictObject({
  currentPassword: z.string().check(z.minLength(1), z.maxLength(256)),
  newPassword: newPasswordSchema,
});

const invitationBody = z.strictObject({ password: newPasswordSchema });

/**
 * `GET /api/conversations`: without `state`, the most recent `limit` (open and closed mixed, as
 * before); `state=active`, every open one; `state=closed`, closed ones newest first, `limit` at a time,
 * `before` the previous answer's `nextBefore` (see shared/conversations/conversation-list.ts).
 */
const conversationsQuery = z
  .object({
    state: z.optional(z.enum(['active', 'closed'])),
    limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50),
    before: z.optional(ulidSchema),
  })
  .check(
    z.refine((query) => query.before === undefined || query.state === 'closed', {
      message: 'before pages closed conversations only',
      path: ['before'],
    }),
  );

const readBody = z.strictObject({
  /** The last message the agent has had on screen. */
  through: ulidSchema,
});

const customerHistoryQuery = z.object({
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(50)), 10),
  before: z.optional(ulidSchema),
});

const messagesQuery = z.object({
  after: z.optional(ulidSchema),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(500)), 100),
});

/** `GET /api/apps/{appId}/articles`: WeChat's freepublish/batchget paging, at most 20 at a time. */
const articlesQuery = z.object({
  offset: z._default(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(100_000)), 0),
  count: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(articleLimits.pageSize)), 10),
});

/**
 * Quick replies: whoever may keep a personal set (every agent) calls these routes; the policy then
 * decides each reply and each set (shared/admin/quick-replies.ts).
 */
const withQuickReplies = <T>(event: APIGatewayProxyEventV2, work: (keeper: Administrator) => Promise<T>) =>
  administer(
    event,
    (actor) => mayManageQuickReplies(actor, { kind: 'personal', agentId: actor.agentId }),
    'quick replies are not available to you',
    work,
  );

function sendResponse(result: SendResult): HttpResult {
  switch (result.outcome) {
    case 'recorded':
      return json(201, { message: result.message, conversation: result.conversation });
    case 'duplicate':
      return json(200, { message: result.message });
    case 'invalid':
      throw result.code ? new HttpError(400, result.code, result.sentence) : badRequest(result.sentence);
    case 'refused':
      throw new HttpError(result.reason === 'not_found' ? 404 : 409, result.reason, result.sentence);
  }
}

function bodyBytes(event: APIGatewayProxyEventV2): Buffer {
  if (event.body === undefined) return Buffer.alloc(0);
  return Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
}

/** The cursor as it is now; absent when reading changed nothing (it was already that far). */
function readStateResponse(conversationId: string, result: ReadStateOutcome): HttpResult {
  if (result.outcome === 'done') return json(200, result.cursor ? { cursor: result.cursor } : {});
  if (result.refusal === 'not_found') throw notFound(`conversation ${conversationId} does not exist`);
  throw forbidden('this conversation is not one you may read');
}

function profileResponse<T>(conversationId: string, result: ProfileOutcome<T>): T {
  if (result.outcome === 'done') return result.value;
  if (result.refusal === 'not_found') throw notFound(`conversation ${conversationId} does not exist`);
  throw forbidden('this conversation is not one you may read');
}

async function act(event: APIGatewayProxyEventV2, action: ConversationAction): Promise<HttpResult> {
  const { actor } = await authenticate(event);
  const result = await actOnConversation(actor, conversationIn(event), action);
  if (result.outcome === 'refused') {
    throw new HttpError(result.reason === 'not_found' ? 404 : 409, result.reason, result.sentence);
  }
  return json(200, { message: result.message, conversation: result.conversation });
}

const routes: Record<string, Route> = {
  'POST /api/auth/login': async (event) => {
    const { username, password } = parseJsonBody(event, loginBody);
    const result = await signIn(username, password, requestSource(event));
    if (result.outcome === 'throttled') {
      throw new HttpError(
        429,
        'too_many_attempts',
        `too many failed sign-ins; try again in ${result.retryAfterSeconds} seconds`,
        { retryAfterSeconds: result.retryAfterSeconds },
        { 'retry-after': String(result.retryAfterSeconds) },
      );
    }
    // The same answer for an unknown user and a wrong password, so usernames cannot be probed.
    if (result.outcome === 'refused') throw unauthorized('wrong username or password');
    const { outcome, ...signedIn } = result;
    return json(200, signedIn);
  },

  'POST /api/auth/refresh': async (event) => {
    const renewed = await renewToken((await authenticate(event)).identity);
    if (!renewed) throw unauthorized('the session has ended');
    return json(200, renewed);
  },

  'POST /api/auth/logout': async (event) => {
    const { identity } = await authenticate(event, 'sign_out');
    const { status } = parseJsonBody(event, signOutBody);
    await signOut(identity, status, requestSource(event));
    return json(200, { signedOut: true });
  },

  'POST /api/auth/invitations/{token}': async (event) => {
    const token = pathParameter(event, 'token', invitationTokenSchema);
    const { password } = parseJsonBody(event, invitationBody);
    const result = await acceptInvitation(token, password, requestSource(event));
    if (result.outcome === 'invalid') {
      throw notFound('this invitation does not exist, has expired or has been used; ask for a new one');
    }
    const { outcome, ...signedIn } = result;
    return json(200, signedIn);
  },

  'PUT /api/me/password': async (event) => {
    const { identity } = await authenticate(event, 'change_password');
    const { currentPassword, newPassword } = parseJsonBody(event, passwordBody);
    const changed = await changePassword(identity, currentPassword, newPassword, requestSource(event));
    if (changed.outcome === 'wrong_password') throw forbidden('the current password is wrong');
    if (changed.outcome === 'unchanged')
      throw badRequest('the new password must differ from the current one');
    const { outcome, ...issued } = changed;
    return json(200, issued);
  },

  'GET /api/me': async (event) => {
    const described = await describeAgent((await authenticate(event)).identity);
    if (!described) throw unauthorized('the agent no longer exists');
    return json(200, described);
  },

  'PUT /api/me/status': async (event) => {
    const { actor } = await authenticate(event);
    const { status } = parseJsonBody(event, statusBody);
    return json(200, { routing: await changeStatus(actor.agentId, status) });
  },

  'GET /api/queues': async (event) => {
    const queues = await queueViewsFor((await authenticate(event)).actor);
    // The names agents gave the customers waiting, to show instead of their openids.
    const waiting = queues.flatMap((queue) => queue.waiting.map((entry) => entry.conversation));
    return json(200, { queues, customers: await customerNamesOf(waiting) });
  },

  'GET /api/conversations': async (event) => {
    const { actor } = await authenticate(event);
    const { state, limit, before } = parseQuery(event, conversationsQuery);
    const request =
      state === 'active'
        ? ({ state } as const)
        : state === 'closed'
          ? ({ state, limit, ...(before ? { before } : {}) } as const)
          : ({ state: 'recent', limit } as const);
    const page = await conversationsOf(actor.agentId, request);
    // The names agents gave the customers listed, to show instead of their openids.
    return json(200, { ...page, customers: await customerNamesOf(page.conversations) });
  },

  'GET /api/conversations/{conversationId}/messages': async (event) => {
    const { actor } = await authenticate(event);
    const conversationId = conversationIn(event);
    const { after, limit } = parseQuery(event, messagesQuery);
    const history = await readConversationHistory(actor, conversationId, after, limit);
    if (history.outcome === 'read') return json(200, history.page);
    if (history.refusal === 'not_found') throw notFound(`conversation ${conversationId} does not exist`);
    throw forbidden('this conversation belongs to an app you do not serve');
  },

  'POST /api/conversations/{conversationId}/messages': async (event) => {
    const { actor } = await authenticate(event);
    const request = parseJsonBody(event, sendRequestSchema);
    return sendResponse(await sendAgentMessage(actor, conversationIn(event), request));
  },

  'POST /api/conversations/{conversationId}/notes': async (event) => {
    const { actor } = await authenticate(event);
    const conversationId = conversationIn(event);
    const written = await writeNote(actor, conversationId, parseJsonBody(event, noteRequestSchema));
    if (written.outcome === 'refused') {
      if (written.refusal === 'not_found') throw notFound(`conversation ${conversationId} does not exist`);
      throw forbidden('this conversation belongs to an app you do not serve');
    }
    return json(written.outcome === 'written' ? 201 : 200, { message: written.message });
  },

  'GET /api/history': async (event) => {
    const { actor } = await authenticate(event);
    const search = historySearchOf(parseQuery(event, historySearchSchema));
    return json(200, await searchHistory(actor, search));
  },

  'POST /api/conversations/{conversationId}/close': (event) => act(event, { action: 'close' }),

  'POST /api/conversations/{conversationId}/accept': (event) => act(event, { action: 'accept' }),

  'POST /api/conversations/{conversationId}/reopen': (event) => act(event, { action: 'reopen' }),

  'POST /api/conversations/{conversationId}/transfer': (event) =>
    act(event, { action: 'transfer', target: parseJsonBody(event, transferTargetSchema) }),

  'GET /api/conversations/{conversationId}/transfer-targets': async (event) => {
    const { actor } = await authenticate(event);
    const conversationId = conversationIn(event);
    const targets = await transferTargets(conversationId, actor);
    if (!targets) throw notFound(`conversation ${conversationId} is not one you can transfer`);
    return json(200, targets);
  },

  'GET /api/conversations/{conversationId}/follow-up': async (event) => {
    const { actor } = await authenticate(event);
    const conversationId = conversationIn(event);
    const read = await readFollowUpOutlook(actor, conversationId);
    if (read.outcome === 'read') return json(200, read.outlook);
    if (read.refusal === 'not_found') throw notFound(`conversation ${conversationId} does not exist`);
    throw forbidden('this conversation belongs to an app you do not serve');
  },

  'PUT /api/conversations/{conversationId}/read': async (event) => {
    const { actor } = await authenticate(event);
    const conversationId = conversationIn(event);
    const { through } = parseJsonBody(event, readBody);
    return readStateResponse(conversationId, await markRead(actor, conversationId, through));
  },

  'DELETE /api/conversations/{conversationId}/read': async (event) => {
    const { actor } = await authenticate(event);
    const conversationId = conversationIn(event);
    return readStateResponse(conversationId, await markUnread(actor, conversationId));
  },

  'GET /api/conversations/{conversationId}/customer': async (event) => {
    const { actor } = await authenticate(event);
    const conversationId = conversationIn(event);
    return json(200, profileResponse(conversationId, await customerProfileOf(actor, conversationId)));
  },

  'PATCH /api/conversations/{conversationId}/customer': async (event) => {
    const { actor } = await authenticate(event);
    const conversationId = conversationIn(event);
    const change = parseJsonBody(event, customerProfileChangeSchema);
    const profile = profileResponse(
      conversationId,
      await changeCustomerProfile(actor, conversationId, change),
    );
    return json(200, { profile });
  },

  'GET /api/conversations/{conversationId}/customer/conversations': async (event) => {
    const { actor } = await authenticate(event);
    const conversationId = conversationIn(event);
    const page = parseQuery(event, customerHistoryQuery);
    return json(200, profileResponse(conversationId, await customerHistoryOf(actor, conversationId, page)));
  },

  'GET /api/read-cursors': async (event) => {
    return json(200, { cursors: await readCursorsOf((await authenticate(event)).actor) });
  },

  'POST /api/conversations/{conversationId}/typing': async (event) => {
    const { actor } = await authenticate(event);
    return json(200, await showTyping(actor, conversationIn(event)));
  },

  'GET /api/apps/{appId}/articles': async (event) => {
    const { actor } = await authenticate(event);
    const appId = appIn(event);
    const { offset, count } = parseQuery(event, articlesQuery);
    const listing = await listPublishedArticles(actor, appId, offset, count);
    switch (listing.outcome) {
      case 'listed':
        return json(200, listing.page);
      case 'not_found':
        throw notFound(listing.sentence);
      case 'invalid':
        throw new HttpError(400, listing.code, listing.sentence);
      case 'wechat_failed':
        throw new HttpError(502, 'wechat_failed', listing.sentence);
    }
  },

  'GET /api/quick-replies': async (event) => {
    return json(200, await withQuickReplies(event, (keeper) => quickReplyBookOf(keeper.actor)));
  },

  'POST /api/quick-replies': async (event) => {
    const quickReply = await withQuickReplies(event, (keeper) =>
      addQuickReply(keeper, parseJsonBody(event, quickReplyCreationSchema)),
    );
    return json(201, { quickReply });
  },

  'PUT /api/quick-replies/{quickReplyId}': async (event) => {
    const quickReply = await withQuickReplies(event, (keeper) =>
      changeQuickReply(keeper, quickReplyIn(event), parseJsonBody(event, quickReplyChangeSchema)),
    );
    return json(200, { quickReply });
  },

  'DELETE /api/quick-replies/{quickReplyId}': async (event) => {
    const deleted = await withQuickReplies(event, (keeper) => removeQuickReply(keeper, quickReplyIn(event)));
    return json(200, deleted);
  },

  'POST /api/media': async (event) => {
    const { actor } = await authenticate(event);
    // `?kind=voice|video` for an Official Account's voice or video answer; a picture otherwise.
    const kind = event.queryStringParameters?.kind ?? 'image';
    if (kind !== 'image' && kind !== 'voice' && kind !== 'video') {
      throw badRequest('kind is image, voice or video.');
    }
    const { outcome, ...upload } =
      kind === 'image'
        ? await uploadImage(actor.workspaceId, bodyBytes(event))
        : await uploadVoiceOrVideo(actor.workspaceId, kind, bodyBytes(event));
    if ('problem' in upload) {
      throw upload.tooLarge ? new HttpError(413, 'too_large', upload.problem) : badRequest(upload.problem);
    }
    return json(201, upload);
  },

  'POST /api/media/upload-links': async (event) => {
    const { actor } = await authenticate(event);
    const { bytes } = parseJsonBody(event, uploadLinkRequestSchema);
    const { outcome, ...link } = await videoUploadLink(actor.workspaceId, bytes);
    if ('problem' in link) throw new HttpError(413, 'too_large', link.problem);
    return json(201, link);
  },
};

/** The routes this function answers; each is an HTTP route of the manifest (test/unit/architecture). */
export const routeKeys = Object.keys(routes);

export const handler = routedHandler(routes);
