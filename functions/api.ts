/** The console's HTTP API: login, the agent's conversations and their history, and sending. */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import {
  administeredApps,
  changeQueueSettings,
  NotAdminError,
  queueMembersSchema,
  queueSettingsChangeSchema,
  requireAdmin,
  setQueueMembers,
} from '../shared/admin/queue-administration.ts';
import { queueIdSchema } from '../shared/admin/queue-registration.ts';
import { RegistrationError } from '../shared/admin/registration-error.ts';
import { type AgentIdentity, issueAgentToken } from '../shared/auth/agent-token.ts';
import { verifyPassword } from '../shared/auth/password.ts';
import {
  actOnConversation,
  type ConversationAction,
  transferTargetSchema,
} from '../shared/conversations/act-on-conversation.ts';
import { drainQueuesOf } from '../shared/conversations/queue-drainer.ts';
import { queueViewsFor } from '../shared/conversations/queue-view.ts';
import {
  type SendResult,
  sendAgentMessage,
  sendRequestSchema,
} from '../shared/conversations/send-agent-message.ts';
import { transferTargets } from '../shared/conversations/transfer-targets.ts';
import { type Actor, publicAgent } from '../shared/domain/agent.ts';
import { checkImageUpload } from '../shared/domain/image-upload.ts';
import { authenticate } from '../shared/http/authenticate.ts';
import { httpErrorHandler } from '../shared/http/error-handler.ts';
import { badRequest, forbidden, HttpError, notFound, unauthorized } from '../shared/http/http-error.ts';
import { parseJsonBody, parseQuery } from '../shared/http/request.ts';
import { type HttpResult, json } from '../shared/http/responses.ts';
import { newUploadKey } from '../shared/media/upload-key.ts';
import { withMediaUrl } from '../shared/media/with-media-url.ts';
import { showTyping } from '../shared/outbound/show-typing.ts';
import { findActor } from '../shared/store/actor-repository.ts';
import { getAgentLoads, setAgentStatus } from '../shared/store/agent-load-repository.ts';
import { findAgentByUsername, getAgent } from '../shared/store/agents-repository.ts';
import { getConversation, listAssignedConversations } from '../shared/store/conversations-repository.ts';
import { mediaUrl, putMedia } from '../shared/store/media-store.ts';
import { listMessages } from '../shared/store/messages-repository.ts';

const loginBody = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});

const statusBody = z.object({ status: z.enum(['online', 'away', 'offline']) });

const conversationsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

const messagesQuery = z.object({
  after: z
    .string()
    .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a message id')
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

type Route = (event: APIGatewayProxyEventV2) => Promise<HttpResult>;

/**
 * Queue administration, for admins only: who asks is checked before anything they sent is read, and
 * refusals become HTTP errors.
 */
async function asAdmin<T>(event: APIGatewayProxyEventV2, work: (actor: Actor) => Promise<T>): Promise<T> {
  const actor = await actorOf(await authenticate(event));
  try {
    requireAdmin(actor);
    return await work(actor);
  } catch (error) {
    if (error instanceof NotAdminError) throw forbidden(error.message);
    if (error instanceof RegistrationError) {
      throw error.kind === 'missing' ? notFound(error.message) : badRequest(error.message);
    }
    throw error;
  }
}

/** The queue named in the path. */
function queueIn(event: APIGatewayProxyEventV2): { appId: string; queueId: string } {
  const queueId = queueIdSchema.safeParse(event.pathParameters?.queueId);
  if (!queueId.success) throw badRequest(`queueId: ${queueId.error.issues[0]?.message}`);
  return { appId: event.pathParameters?.appId ?? '', queueId: queueId.data };
}

function sendResponse(result: SendResult): HttpResult {
  switch (result.outcome) {
    case 'recorded':
      return json(201, { message: result.message, conversation: result.conversation });
    case 'duplicate':
      return json(200, { message: result.message });
    case 'invalid':
      throw badRequest(result.sentence);
    case 'refused':
      throw new HttpError(result.reason === 'not_found' ? 404 : 409, result.reason, result.sentence);
  }
}

function bodyBytes(event: APIGatewayProxyEventV2): Buffer {
  if (event.body === undefined) return Buffer.alloc(0);
  return Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
}

async function actorOf(identity: AgentIdentity): Promise<Actor> {
  const actor = await findActor(identity);
  if (!actor) throw unauthorized('the agent no longer exists');
  return actor;
}

async function act(event: APIGatewayProxyEventV2, action: ConversationAction): Promise<HttpResult> {
  const identity = await authenticate(event);
  const result = await actOnConversation(identity, event.pathParameters?.conversationId ?? '', action);
  if (result.outcome === 'refused') {
    throw new HttpError(result.reason === 'not_found' ? 404 : 409, result.reason, result.sentence);
  }
  return json(200, { message: result.message, conversation: result.conversation });
}

const routes: Record<string, Route> = {
  'POST /api/auth/login': async (event) => {
    const { username, password } = parseJsonBody(event, loginBody);
    const agent = await findAgentByUsername(username);
    // The same answer for an unknown user and a wrong password, so usernames cannot be probed.
    if (!agent || !(await verifyPassword(password, agent.passwordHash))) {
      throw unauthorized('wrong username or password');
    }
    const issued = await issueAgentToken(agent);
    return json(200, { ...issued, agent: publicAgent(agent) });
  },

  'POST /api/auth/refresh': async (event) => {
    const identity = await authenticate(event);
    const agent = await getAgent(identity.agentId);
    if (!agent) throw unauthorized('the agent no longer exists');
    return json(200, { ...(await issueAgentToken(agent)), agent: publicAgent(agent) });
  },

  'GET /api/me': async (event) => {
    const identity = await authenticate(event);
    const [agent, load] = await Promise.all([getAgent(identity.agentId), getAgentLoads([identity.agentId])]);
    if (!agent) throw unauthorized('the agent no longer exists');
    return json(200, { agent: publicAgent(agent), routing: load[0] });
  },

  'PUT /api/me/status': async (event) => {
    const identity = await authenticate(event);
    const { status } = parseJsonBody(event, statusBody);
    await setAgentStatus(identity.agentId, status);
    // Back online: waiting customers of the agent's queues may be theirs now.
    if (status === 'online') await drainQueuesOf(identity.agentId);
    return json(200, { routing: (await getAgentLoads([identity.agentId]))[0] });
  },

  'GET /api/queues': async (event) => {
    return json(200, { queues: await queueViewsFor(await actorOf(await authenticate(event))) });
  },

  'GET /api/admin/queues': async (event) => {
    return json(200, { apps: await asAdmin(event, administeredApps) });
  },

  'PUT /api/admin/queues/{appId}/{queueId}': async (event) => {
    const queue = await asAdmin(event, (actor) => {
      const { appId, queueId } = queueIn(event);
      return changeQueueSettings(actor, appId, queueId, parseJsonBody(event, queueSettingsChangeSchema));
    });
    return json(200, { queue });
  },

  'PUT /api/admin/queues/{appId}/{queueId}/members': async (event) => {
    const members = await asAdmin(event, (actor) => {
      const { appId, queueId } = queueIn(event);
      return setQueueMembers(actor, appId, queueId, parseJsonBody(event, queueMembersSchema).agentIds);
    });
    return json(200, members);
  },

  'GET /api/conversations': async (event) => {
    const identity = await authenticate(event);
    const { limit } = parseQuery(event, conversationsQuery);
    return json(200, { conversations: await listAssignedConversations(identity.agentId, limit) });
  },

  'GET /api/conversations/{conversationId}/messages': async (event) => {
    const identity = await authenticate(event);
    const conversationId = event.pathParameters?.conversationId ?? '';
    const { after, limit } = parseQuery(event, messagesQuery);
    const [conversation, agent] = await Promise.all([
      getConversation(conversationId),
      getAgent(identity.agentId),
    ]);
    if (!conversation || conversation.workspaceId !== identity.workspaceId) {
      throw notFound(`conversation ${conversationId} does not exist`);
    }
    const servesApp = agent?.appIds.includes(conversation.appId) ?? false;
    if (conversation.assigneeId !== identity.agentId && !servesApp && agent?.role !== 'admin') {
      throw forbidden('this conversation belongs to an app you do not serve');
    }
    const page = await listMessages(conversationId, after, limit);
    const messages = await Promise.all(page.messages.map((message) => withMediaUrl(message, mediaUrl)));
    return json(200, { ...page, messages });
  },

  'POST /api/conversations/{conversationId}/messages': async (event) => {
    const identity = await authenticate(event);
    const request = parseJsonBody(event, sendRequestSchema);
    return sendResponse(
      await sendAgentMessage(identity, event.pathParameters?.conversationId ?? '', request),
    );
  },

  'POST /api/conversations/{conversationId}/close': (event) => act(event, { action: 'close' }),

  'POST /api/conversations/{conversationId}/accept': (event) => act(event, { action: 'accept' }),

  'POST /api/conversations/{conversationId}/reopen': (event) => act(event, { action: 'reopen' }),

  'POST /api/conversations/{conversationId}/transfer': (event) =>
    act(event, { action: 'transfer', target: parseJsonBody(event, transferTargetSchema) }),

  'GET /api/conversations/{conversationId}/transfer-targets': async (event) => {
    const actor = await actorOf(await authenticate(event));
    const conversationId = event.pathParameters?.conversationId ?? '';
    const targets = await transferTargets(conversationId, actor);
    if (!targets) throw notFound(`conversation ${conversationId} is not one you can transfer`);
    return json(200, targets);
  },

  'POST /api/conversations/{conversationId}/typing': async (event) => {
    const identity = await authenticate(event);
    return json(200, await showTyping(identity, event.pathParameters?.conversationId ?? ''));
  },

  'POST /api/media': async (event) => {
    const identity = await authenticate(event);
    const bytes = bodyBytes(event);
    const checked = checkImageUpload(bytes);
    if ('problem' in checked) {
      throw checked.tooLarge ? new HttpError(413, 'too_large', checked.problem) : badRequest(checked.problem);
    }
    const storageKey = newUploadKey(identity.workspaceId);
    await putMedia(storageKey, { bytes, contentType: checked.contentType });
    return json(201, {
      storageKey,
      contentType: checked.contentType,
      size: bytes.length,
      url: await mediaUrl(storageKey),
    });
  },
};

export const handler = middy<APIGatewayProxyEventV2, HttpResult>()
  .use(httpErrorHandler())
  .handler(async (event) => {
    const route = routes[event.routeKey];
    if (!route) throw new HttpError(404, 'not_found', `no route ${event.routeKey}`);
    return route(event);
  });
