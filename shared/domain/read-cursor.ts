/**
 * How far an agent has read one conversation: kept by the server, so every tab and device of the
 * agent shows the same unread counts.
 */
export interface ReadCursor {
  conversationId: string;
  /** The id of the last message the agent has had on screen; absent when only marked unread. */
  readThrough?: string;
  /** The agent asked to see it as unread again, whatever the cursor says. */
  markedUnread: boolean;
  /** When the agent last moved it (ms since epoch): of two copies, the later one is current. */
  updatedAt: number;
}
