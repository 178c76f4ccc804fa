/**
 * The socket protocol: JSON frames, shared by the backend and the console. Every frame an agent must
 * not miss is also readable over HTTP, so a console that reconnects loses nothing.
 */
import type { Conversation } from '../domain/conversation.ts';
import type { Message } from '../domain/message.ts';

export type ServerFrame =
  | { type: 'message.created'; message: Message; conversation: Conversation }
  | { type: 'message.updated'; message: Message }
  | { type: 'conversation.updated'; conversation: Conversation }
  | { type: 'pong'; at: number }
  | { type: 'error'; code: string; message: string };

export type ClientFrame = { action: 'ping' };

export type ServerFrameType = ServerFrame['type'];
