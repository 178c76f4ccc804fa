/** The console's HTTP API: login and the agent's conversations and their history. */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { publicAgent } from '../shared/domain/agent.ts';
import { issueAgentToken } from '../shared/auth/agent-token.ts';
import { verifyPassword } from '../shared/auth/password.ts';
import { authenticate } from '../shared/http/authenticate.ts';
import { httpErrorHandler } from '../shared/http/error-handler.ts';
import { forbidden, HttpError, notFound, unauthorized } from '../shared/http/http-error.ts';
import { parseJsonBody, parseQuery } from '../shared/http/request.ts';
import { type HttpResult, json } from '../shared/http/responses.ts';
import { findAgentByUsername, getAgent } from '../shared/store/agents-repository.ts';
import { getConversation, listAssignedConversations } from '../shared/store/conversations-repository.ts';
import { listMessages } from '../shared/store/messages-repository.ts';

const loginBody = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});

const conversationsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

const messagesQuery = z.object({
  after: z
    .string()
    .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a message id')
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

type Route = (event: APIGatewayProxyEventV2) => Promise<HttpResult>;

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

  'GET /api/me': async (event) => {
    const identity = await authenticate(event);
    const agent = await getAgent(identity.agentId);
    if (!agent) throw unauthorized('the agent no longer exists');
    return json(200, { agent: publicAgent(agent) });
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
    const [conversation, agent] = await Promise.all([getConversation(conversationId), getAgent(identity.agentId)]);
    if (!conversation || conversation.workspaceId !== identity.workspaceId) {
      throw notFound(`conversation ${conversationId} does not exist`);
    }
    const servesApp = agent?.appIds.includes(conversation.appId) ?? false;
    if (conversation.assigneeId !== identity.agentId && !servesApp) {
      throw forbidden('this conversation belongs to an app you do not serve');
    }
    return json(200, await listMessages(conversationId, after, limit));
  },
};

export const handler = middy<APIGatewayProxyEventV2, HttpResult>()
  .use(httpErrorHandler())
  .handler(async (event) => {
    const route = routes[event.routeKey];
    if (!route) throw new HttpError(404, 'not_found', `no route ${event.routeKey}`);
    return route(event);
  });
