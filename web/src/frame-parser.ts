import type { ServerFrame } from '../../shared/realtime/frames.ts';

/**
 * Reads one socket frame. The socket is ours, but a frame the console cannot use (a newer server
 * speaking a type this build does not know, a truncated proxy message) must be skipped, never
 * crash the thread, so the shape is checked before anything trusts it.
 */
export function parseServerFrame(data: unknown): ServerFrame | undefined {
  if (typeof data !== 'string') return undefined;
  let frame: unknown;
  try {
    frame = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (!isObject(frame) || typeof frame.type !== 'string') return undefined;
  switch (frame.type) {
    case 'message.created':
      return isMessage(frame.message) && isConversation(frame.conversation)
        ? (frame as ServerFrame)
        : undefined;
    case 'message.updated':
      return isMessage(frame.message) ? (frame as ServerFrame) : undefined;
    case 'conversation.updated':
      return isConversation(frame.conversation) ? (frame as ServerFrame) : undefined;
    case 'send.accepted':
      return typeof frame.clientMessageId === 'string' && isMessage(frame.message)
        ? (frame as ServerFrame)
        : undefined;
    case 'send.refused':
      return typeof frame.clientMessageId === 'string' && typeof frame.reason === 'string'
        ? (frame as ServerFrame)
        : undefined;
    case 'typing.result':
      return typeof frame.conversationId === 'string' && typeof frame.shown === 'boolean'
        ? (frame as ServerFrame)
        : undefined;
    case 'read.updated':
      return isReadCursor(frame.cursor) ? (frame as ServerFrame) : undefined;
    case 'customer.updated':
      return isProfile(frame.profile) ? (frame as ServerFrame) : undefined;
    case 'floor.changed':
      return typeof frame.workspaceId === 'string' ? (frame as ServerFrame) : undefined;
    case 'pong':
    case 'error':
      return frame as ServerFrame;
    default:
      return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isReadCursor(value: unknown): boolean {
  return (
    isObject(value) &&
    typeof value.conversationId === 'string' &&
    typeof value.markedUnread === 'boolean' &&
    typeof value.updatedAt === 'number' &&
    (value.readThrough === undefined || typeof value.readThrough === 'string')
  );
}

function isProfile(value: unknown): boolean {
  return (
    isObject(value) &&
    typeof value.appId === 'string' &&
    typeof value.openId === 'string' &&
    Array.isArray(value.tags) &&
    (value.remarkName === undefined || typeof value.remarkName === 'string')
  );
}

function isMessage(value: unknown): boolean {
  return (
    isObject(value) &&
    typeof value.messageId === 'string' &&
    typeof value.conversationId === 'string' &&
    isObject(value.content) &&
    typeof value.content.type === 'string'
  );
}

function isConversation(value: unknown): boolean {
  return (
    isObject(value) && typeof value.conversationId === 'string' && typeof value.lastMessageId === 'string'
  );
}
