/**
 * The socket protocol: JSON frames, shared by the backend and the console. Every frame an agent must
 * not miss is also readable over HTTP, so a console that reconnects loses nothing.
 */
import type { Conversation } from '../domain/conversation.ts';
import type { CustomerProfile } from '../domain/customer-profile.ts';
import type { Message } from '../domain/message.ts';
import type { ReadCursor } from '../domain/read-cursor.ts';

export type ServerFrame =
  | { type: 'message.created'; message: Message; conversation: Conversation }
  | { type: 'message.updated'; message: Message }
  | { type: 'conversation.updated'; conversation: Conversation }
  | { type: 'send.accepted'; clientMessageId: string; message: Message }
  | { type: 'send.refused'; clientMessageId: string; code: string; reason: string }
  | { type: 'typing.result'; conversationId: string; shown: boolean; reason?: string }
  | {
      type: 'action.result';
      action: 'close' | 'accept' | 'reopen' | 'transfer';
      conversationId: string;
      /** Present when the action was carried out. */
      conversation?: Conversation;
      /** Why not, in words, when it was refused. */
      code?: string;
      reason?: string;
    }
  /** The agent read a conversation, or marked it unread, in one of their consoles. */
  | { type: 'read.updated'; cursor: ReadCursor }
  /** A colleague changed the customer's remark name, tags or note (also `GET …/customer`). */
  | { type: 'customer.updated'; profile: CustomerProfile }
  /**
   * Something changed on the workspace's floor (a conversation opened, moved, got a message or
   * closed): to its supervisors' consoles, which read `GET /api/floor` again. It names nothing else.
   */
  | { type: 'floor.changed'; workspaceId: string }
  | { type: 'pong'; at: number }
  | { type: 'error'; code: string; message: string };
