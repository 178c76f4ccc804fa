/**
 * A closed conversation as the history keeps it: who, where and when, and the words said in it, so
 * that one read of a workspace's history filters and searches it without reading any message.
 */
import type { Message } from './message.ts';

export interface ClosedConversation {
  conversationId: string;
  workspaceId: string;
  appId: string;
  queueId: string;
  /** Who served it last (absent when nobody ever did). */
  agentId?: string;
  openId: string;
  /** The customer's remark name and tags as they were when the conversation closed. */
  remarkName?: string;
  tags: string[];
  openedAt: number;
  closedAt: number;
  /** Messages of the customer, agents and bots, and notes (not lifecycle entries). */
  messageCount: number;
  /** The conversation's words, one message a line, capped at `maxTranscriptBytes`. */
  transcript: string;
  /** Names shown in results, as they were when it closed. */
  appName?: string;
  agentName?: string;
  /** The customer's answer to the satisfaction survey, 1–5, once they gave one. */
  rating?: number;
}

/** One search result: the entry without its transcript, and the line the searched words were found in. */
export type HistoryResult = Omit<ClosedConversation, 'transcript'> & { snippet?: string };

export interface HistoryResults {
  results: HistoryResult[];
  /** Pass back as `cursor` to search on, further back in time; absent when there is no more. */
  cursor?: string;
}

/**
 * Far below DynamoDB's 400 KB item limit (the item is copied into the index too), and small enough
 * that a page of the history stays a few read units: a conversation of agents and customers typing
 * runs to a few kilobytes, so the cap only trims the rare marathon, keeping its beginning.
 */
export const maxTranscriptBytes = 32 * 1024;

/** What of a message is searched: what people wrote or said, never a platform event. */
export function wordsOf(message: Message): string | undefined {
  const { content } = message;
  switch (content.type) {
    case 'text':
    case 'note':
      return content.text;
    case 'voice':
      return content.recognition ?? content.machineTranscript;
    case 'link':
      return [content.title, content.description].filter(Boolean).join(' ');
    case 'article':
      return [content.title, content.digest].filter(Boolean).join(' ');
    case 'miniprogrampage':
    case 'file':
      return content.title;
    case 'location':
      return content.label;
    default:
      return undefined;
  }
}

/** Whether a message counts as said in the conversation (lifecycle entries do not). */
export function isSaid(message: Message): boolean {
  return message.content.type !== 'event';
}

const encoder = new TextEncoder();

/** Cuts text to at most `bytes` of UTF-8 without splitting a character. */
function capped(text: string, bytes: number): string {
  if (encoder.encode(text).length <= bytes) return text;
  let end = Math.min(text.length, bytes);
  while (end > 0 && encoder.encode(text.slice(0, end)).length > bytes) end = Math.floor(end * 0.9);
  // Never end on the first half of a surrogate pair.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end);
}

export function transcriptOf(messages: readonly Message[]): string {
  const lines = messages
    .map(wordsOf)
    .filter((words): words is string => !!words?.trim())
    // One message a line: a search never matches across two messages' words.
    .map((words) => words.replace(/\s+/g, ' ').trim());
  return capped(lines.join('\n'), maxTranscriptBytes);
}

/**
 * The form both the stored text and the searched words take: lower case, so `Refund` finds `refund`.
 * Chinese has no case and needs no more: a substring search finds 退货 inside 我想退货了 without
 * splitting words.
 */
export function searchForm(text: string): string {
  return text.toLowerCase();
}

export const maxSearchLength = 50;

/**
 * The line of the transcript where the words first occur, cut to about `width` characters around
 * them, so the console can show why a conversation matched.
 */
export function snippetOf(transcript: string, words: string, width = 60): string | undefined {
  const lines = transcript.split('\n');
  const sought = searchForm(words);
  const line = lines.find((candidate) => searchForm(candidate).includes(sought));
  if (line === undefined) return undefined;
  const at = searchForm(line).indexOf(sought);
  // Lower-casing keeps the length of nearly every text; when it does not, show the line's start.
  const position = searchForm(line).length === line.length ? at : 0;
  const start = Math.max(
    0,
    Math.min(position - Math.floor((width - sought.length) / 2), line.length - width),
  );
  const end = Math.min(line.length, start + width);
  return `${start > 0 ? '…' : ''}${line.slice(start, end)}${end < line.length ? '…' : ''}`;
}
