/**
 * What reports count of one closed conversation, worked out once from its whole log as it closes (and
 * again when a note or the customer's survey answer rewrites its history entry), so that a report reads
 * these few figures per conversation and never a message.
 */
import type { Conversation } from './conversation.ts';
import type { Message } from './message.ts';
import { isSurveyAnswer } from './satisfaction-survey.ts';
import { answersCustomer } from './sla.ts';

export interface ReportFacts {
  conversationId: string;
  appId: string;
  queueId: string;
  /** Who had it when it closed (else the last agent who did). */
  agentId?: string;
  /** The customer's first message, or their asking for a person. */
  openedAt: number;
  /** The first time an agent had it; absent if nobody ever took it. */
  firstAssignedAt?: number;
  /** An agent's first message to the customer that did not fail to send; absent if none answered. */
  firstResponseAt?: number;
  closedAt: number;
  /** It waited as a left message (留言) at some point. */
  leftMessage: boolean;
  customerMessages: number;
  /** Agents' messages to the customer, failed sends excepted. */
  agentMessages: number;
  /** Customer and agent messages by the UTC hour they were written in (the hour's start, ms, as key). */
  messagesByHour: Record<string, number>;
  /** The agents' share of `messagesByHour`: the customers' is the rest. */
  agentMessagesByHour: Record<string, number>;
  /** The satisfaction survey's score, 1–5, and when the customer gave it. */
  rating?: number;
  ratedAt?: number;
  /** The words the customer wrote with their score. */
  ratingComment?: string;
}

const hourMs = 3_600_000;

/** The start of the UTC hour an instant falls in. */
export function utcHourOf(time: number): number {
  return Math.floor(time / hourMs) * hourMs;
}

/** The customer's own words and media: not their entering the chat or following, nor a survey score. */
function isCustomerMessage(conversation: Conversation, message: Message): boolean {
  return (
    message.direction === 'inbound' &&
    message.author === 'customer' &&
    message.content.type !== 'event' &&
    !isSurveyAnswer(conversation, message)
  );
}

function lifecycleEvent(message: Message): { event: string; detail: Record<string, string> } | undefined {
  return message.direction === 'internal' && message.content.type === 'event' ? message.content : undefined;
}

/**
 * When an agent first had it. A conversation an agent takes as it opens writes no assignment entry: one
 * that was answered, handed on by an agent or closed before any assignment entry was held from its
 * opening. Otherwise the first assignment or acceptance; without a log, the conversation's own time.
 */
function firstAssignmentOf(conversation: Conversation, messages: readonly Message[]): number | undefined {
  for (const message of messages) {
    const lifecycle = lifecycleEvent(message);
    if (lifecycle?.event === 'conversation_assigned' || lifecycle?.event === 'conversation_accepted') {
      return message.createdAt;
    }
    const handedOnByAgent = lifecycle?.event === 'conversation_transferred' && lifecycle.detail.from;
    if (answersCustomer(message) || handedOnByAgent || lifecycle?.event === 'conversation_closed') {
      return conversation.createdAt;
    }
  }
  return conversation.assignedAt;
}

/** The agent a lifecycle entry leaves the conversation with, if any. */
function agentAfter(message: Message): string | undefined {
  const lifecycle = lifecycleEvent(message);
  switch (lifecycle?.event) {
    case 'conversation_assigned':
    case 'conversation_transferred':
      return lifecycle.detail.to;
    case 'conversation_accepted':
    case 'conversation_reopened':
      return lifecycle.detail.by;
    default:
      return undefined;
  }
}

function add(counts: Record<string, number>, time: number): void {
  const hour = String(utcHourOf(time));
  counts[hour] = (counts[hour] ?? 0) + 1;
}

/** The facts of a closed conversation from the conversation and its whole log, in id order. */
export function reportFactsOf(
  conversation: Conversation & { closedAt: number },
  messages: readonly Message[],
): ReportFacts {
  let customerMessages = 0;
  let agentMessages = 0;
  let firstResponseAt: number | undefined;
  let lastAgent: string | undefined;
  const messagesByHour: Record<string, number> = {};
  const agentMessagesByHour: Record<string, number> = {};
  for (const message of messages) {
    lastAgent = agentAfter(message) ?? lastAgent;
    if (answersCustomer(message)) {
      agentMessages++;
      firstResponseAt ??= message.createdAt;
      add(messagesByHour, message.createdAt);
      add(agentMessagesByHour, message.createdAt);
    } else if (isCustomerMessage(conversation, message)) {
      customerMessages++;
      add(messagesByHour, message.createdAt);
    }
  }
  const firstAssignedAt = firstAssignmentOf(conversation, messages);
  const agentId = conversation.assigneeId ?? lastAgent;
  return {
    conversationId: conversation.conversationId,
    appId: conversation.appId,
    queueId: conversation.queueId,
    ...(agentId === undefined ? {} : { agentId }),
    openedAt: conversation.createdAt,
    ...(firstAssignedAt === undefined ? {} : { firstAssignedAt }),
    ...(firstResponseAt === undefined ? {} : { firstResponseAt }),
    closedAt: conversation.closedAt,
    leftMessage: conversation.leftMessageAt !== undefined || conversation.waitingKind === 'left_message',
    customerMessages,
    agentMessages,
    messagesByHour,
    agentMessagesByHour,
    ...(conversation.rating === undefined ? {} : { rating: conversation.rating }),
    ...(conversation.ratedAt === undefined ? {} : { ratedAt: conversation.ratedAt }),
    ...(conversation.ratingComment === undefined ? {} : { ratingComment: conversation.ratingComment }),
  };
}
