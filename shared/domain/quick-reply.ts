import type { MenuOption } from './message.ts';

/**
 * Quick replies (快捷回复): texts an agent inserts into the composer rather than typing them again. Each
 * belongs to one set: the whole workspace's, one queue's, or one agent's own (`scope`). Who may use
 * and change which is decided in permissions.ts; the console finds them by title, text or pinyin
 * initials and fills their placeholders as it inserts them (web/src/quick-reply-*.ts).
 */
export type QuickReplyScope =
  | { kind: 'workspace' }
  | { kind: 'queue'; appId: string; queueId: string }
  | { kind: 'personal'; agentId: string };

export interface QuickReply {
  quickReplyId: string;
  workspaceId: string;
  scope: QuickReplyScope;
  /** A short name to find it by (`退换货`); without one it is found by its text. */
  title?: string;
  /** What is inserted; for a saved menu, its question. */
  text: string;
  /**
   * A saved menu (Official Accounts' menu message): inserting the reply fills the composer's menu
   * editor with `text` as the question and these options, rather than the text box.
   */
  menu?: QuickReplyMenu;
  createdAt: number;
  updatedAt: number;
}

export interface QuickReplyMenu {
  options: MenuOption[];
  /** The line below the options; may be empty. */
  tail: string;
}

/** A quick reply as `GET /api/quick-replies` lists it: with whether the caller may change it. */
export interface QuickReplyListing extends QuickReply {
  editable: boolean;
}

/** `GET /api/quick-replies`: every reply the caller may use, and whether they may add shared ones. */
export interface QuickReplyBook {
  quickReplies: QuickReplyListing[];
  /** Workspace and queue replies may be added (admins and owners). */
  mayManageShared: boolean;
}

/**
 * Replies one set may hold. The palette filters all of them at every keystroke and the list is read
 * whole, so a set is kept to what an agent can still look through.
 */
export const maxQuickRepliesPerSet = 200;

export const maxQuickReplyTitleLength = 40;
