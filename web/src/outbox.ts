import type { Message } from '../../shared/domain/message.ts';
import type { OutgoingContent } from './outgoing-content.ts';

/**
 * The agent's sends the server has not confirmed yet, shown as bubbles at the end of the thread the
 * moment Send is pressed. Each has a `clientMessageId` made once and reused for every retry of the
 * same message, so the server records it at most once. An entry leaves the outbox when the server's
 * message with the same `clientMessageId` arrives, whichever way it comes (the HTTP answer,
 * `send.accepted`, `message.created`, or a read after reconnecting).
 */

export type OutboxStatus =
  /** On its way to the server. */
  | 'sending'
  /** No usable answer (network, timeout, server error): it may or may not be recorded; retried with the same id. */
  | 'unsure'
  /** The server said no (409, 400…): nothing was recorded. */
  | 'refused';

export interface OutboxEntry {
  clientMessageId: string;
  conversationId: string;
  content: OutgoingContent;
  createdAt: number;
  status: OutboxStatus;
  attempts: number;
  /** Why it is not sent yet, in words for the agent. */
  problem?: string;
  /** The server's refusal code (`quota_used_up`, `bad_request`…). */
  code?: string;
  /** A preview of the picture (the upload's short-lived link). */
  mediaUrl?: string;
  /** When the next automatic retry runs. */
  retryAt?: number;
}

/** 8–64 of [A-Za-z0-9_-], as the server requires: a UUID where the browser has one. */
export function newClientMessageId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** Removes the entries the server's messages confirm. Returns `entries` itself when none match. */
export function reconcileOutbox(
  entries: readonly OutboxEntry[],
  messages: readonly Message[],
): readonly OutboxEntry[] {
  if (entries.length === 0) return entries;
  const confirmed = new Set<string>();
  for (const message of messages) if (message.clientMessageId) confirmed.add(message.clientMessageId);
  if (confirmed.size === 0) return entries;
  const left = entries.filter((entry) => !confirmed.has(entry.clientMessageId));
  return left.length === entries.length ? entries : left;
}

/** Sends that may still become messages, each taking one of the customer's replies. */
export function inFlightCount(entries: readonly OutboxEntry[] | undefined): number {
  return (entries ?? []).filter((entry) => entry.status !== 'refused').length;
}

export function updateEntry(
  entries: readonly OutboxEntry[],
  clientMessageId: string,
  change: (entry: OutboxEntry) => OutboxEntry,
): readonly OutboxEntry[] {
  const index = entries.findIndex((entry) => entry.clientMessageId === clientMessageId);
  if (index === -1) return entries;
  const next = [...entries];
  next[index] = change(entries[index] as OutboxEntry);
  return next;
}
