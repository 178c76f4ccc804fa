/** Frames the console sends over its socket; the answer goes back on the same socket. */
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import type { AgentIdentity } from '../shared/auth/agent-token.ts';
import { currentActor } from '../shared/auth/sessions.ts';
import { actOnConversation } from '../shared/conversations/act-on-conversation.ts';
import { agentIsHere } from '../shared/conversations/agent-presence.ts';
import { conversationActionSchema } from '../shared/conversations/conversation-action-schema.ts';
import { sendAgentMessage, sendRequestSchema } from '../shared/conversations/send-agent-message.ts';
import { ulidSchema } from '../shared/domain/id-schema.ts';
import { inEnglish } from '../shared/domain/issue-wording.ts';
import { observed, requestIdOf } from '../shared/observability/invocation.ts';
import { showTyping } from '../shared/outbound/show-typing.ts';
import type { ServerFrame } from '../shared/realtime/frames.ts';
import { socketIdentity } from '../shared/realtime/socket-identity.ts';

const conversationId = ulidSchema;

const clientFrame = z.discriminatedUnion('action', [
  z.object({ action: z.literal('ping') }),
  z.extend(sendRequestSchema, { action: z.literal('send'), conversationId }),
  z.object({ action: z.literal('typing'), conversationId }),
  ...conversationActionSchema.def.options.map((action) => z.extend(action, { conversationId })),
]);

/**
 * The WebSocket routes this function answers: one per action of a client frame, and `$default` for a
 * frame with an unknown action or none (answered with `bad_frame`). The manifest routes each here.
 */
export const routeKeys = [
  '$default',
  ...clientFrame.def.options.flatMap((option) => option.shape.action.def.values),
];

function reply(frame: ServerFrame): APIGatewayProxyResultV2 {
  return { statusCode: 200, body: JSON.stringify(frame) };
}

function parseFrame(body: string | undefined) {
  try {
    return clientFrame.safeParse(JSON.parse(body ?? ''), inEnglish);
  } catch {
    return undefined;
  }
}

async function answer(frame: z.infer<typeof clientFrame>, identity: AgentIdentity): Promise<ServerFrame> {
  if (frame.action === 'ping') {
    // The console's heartbeat is also the agent's presence.
    const now = Date.now();
    await agentIsHere(identity.agentId, now, false);
    return { type: 'pong', at: now };
  }
  // The socket was opened with a session that may have ended since: every action asks again.
  const actor = await currentActor(identity);
  if (actor === 'unauthenticated')
    return { type: 'error', code: 'session_ended', message: 'the session has ended; sign in again' };
  if (actor === 'password_change_required')
    return { type: 'error', code: 'password_change_required', message: 'choose a new password first' };
  switch (frame.action) {
    case 'typing': {
      const result = await showTyping(actor, frame.conversationId);
      return { type: 'typing.result', conversationId: frame.conversationId, ...result };
    }
    case 'close':
    case 'accept':
    case 'reopen':
    case 'transfer': {
      const { conversationId: id, ...action } = frame;
      const result = await actOnConversation(actor, id, action);
      const answered = { type: 'action.result', action: frame.action, conversationId: id } as const;
      return result.outcome === 'done'
        ? { ...answered, conversation: result.conversation }
        : { ...answered, code: result.reason, reason: result.sentence };
    }
    case 'send': {
      const result = await sendAgentMessage(actor, frame.conversationId, frame);
      const { clientMessageId } = frame;
      if (result.outcome === 'recorded' || result.outcome === 'duplicate') {
        return { type: 'send.accepted', clientMessageId, message: result.message };
      }
      const code = result.outcome === 'invalid' ? (result.code ?? 'invalid') : result.reason;
      return { type: 'send.refused', clientMessageId, code, reason: result.sentence };
    }
  }
}

async function handle(event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> {
  const parsed = parseFrame(event.body);
  if (!parsed)
    return reply({ type: 'error', code: 'bad_frame', message: 'a frame must be JSON with an "action"' });
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'action'}: ${issue.message}`,
    );
    return reply({ type: 'error', code: 'bad_frame', message: problems.join('; ') });
  }
  return reply(await answer(parsed.data, socketIdentity(event)));
}

export const handler = observed(handle, requestIdOf);
