/** Frames the console sends over its socket; the answer goes back on the same socket. */
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { z } from 'zod';
import type { AgentIdentity } from '../shared/auth/agent-token.ts';
import { actOnConversation, conversationActionSchema } from '../shared/conversations/act-on-conversation.ts';
import { agentIsHere } from '../shared/conversations/agent-presence.ts';
import { sendAgentMessage, sendRequestSchema } from '../shared/conversations/send-agent-message.ts';
import { showTyping } from '../shared/outbound/show-typing.ts';
import type { ServerFrame } from '../shared/realtime/frames.ts';
import { socketIdentity } from '../shared/realtime/socket-identity.ts';

const conversationId = z.string().min(1).max(64);

const clientFrame = z.discriminatedUnion('action', [
  z.object({ action: z.literal('ping') }),
  sendRequestSchema.extend({ action: z.literal('send'), conversationId }),
  z.object({ action: z.literal('typing'), conversationId }),
  ...conversationActionSchema.options.map((action) => action.extend({ conversationId })),
]);

function reply(frame: ServerFrame): APIGatewayProxyResultV2 {
  return { statusCode: 200, body: JSON.stringify(frame) };
}

function parseFrame(body: string | undefined) {
  try {
    return clientFrame.safeParse(JSON.parse(body ?? ''));
  } catch {
    return undefined;
  }
}

async function answer(frame: z.infer<typeof clientFrame>, identity: AgentIdentity): Promise<ServerFrame> {
  switch (frame.action) {
    case 'ping': {
      // The console's heartbeat is also the agent's presence.
      const now = Date.now();
      await agentIsHere(identity.agentId, now, false);
      return { type: 'pong', at: now };
    }
    case 'typing': {
      const result = await showTyping(identity, frame.conversationId);
      return { type: 'typing.result', conversationId: frame.conversationId, ...result };
    }
    case 'close':
    case 'accept':
    case 'reopen':
    case 'transfer': {
      const { conversationId: id, ...action } = frame;
      const result = await actOnConversation(identity, id, action);
      const answered = { type: 'action.result', action: frame.action, conversationId: id } as const;
      return result.outcome === 'done'
        ? { ...answered, conversation: result.conversation }
        : { ...answered, code: result.reason, reason: result.sentence };
    }
    case 'send': {
      const result = await sendAgentMessage(identity, frame.conversationId, frame);
      const { clientMessageId } = frame;
      if (result.outcome === 'recorded' || result.outcome === 'duplicate') {
        return { type: 'send.accepted', clientMessageId, message: result.message };
      }
      const code = result.outcome === 'invalid' ? 'invalid' : result.reason;
      return { type: 'send.refused', clientMessageId, code, reason: result.sentence };
    }
  }
}

export async function handler(event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> {
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
