/**
 * A scripted day of traffic for the report tests: 2026-12-01 in Asia/Shanghai (UTC+8), one app with
 * two queues (客服 `default`, 12号店 `shop-12`) and two agents (小美 `agent-a`, `agent-b`). Eight
 * conversations close; seven of them on that day. Every time below is Shanghai time.
 *
 * | #  | queue   | agent | opened      | first had   | first answer | closed      | 留言 | score |
 * |----|---------|-------|-------------|-------------|--------------|-------------|------|-------|
 * | C1 | default | A     | 09:00:00    | 09:00:00 *  | 09:01:00     | 09:10:00    |      | 5     |
 * | C2 | default | B     | 10:00:00    | 10:05:00    | 10:06:30 †   | 10:20:00    |      |       |
 * | C3 | default | A → B | 11:00:00    | 11:01:00 ‡  | 11:02:00     | 11:30:00    |      | 2     |
 * | C4 | shop-12 | A     | 08:00:00    | 09:30:00    | 09:45:00     | 09:50:00    | yes  |       |
 * | C5 | default | B     | 11-30 23:50 | 23:50:00 *  | 11-30 23:55  | 00:10:00    |      |       |
 * | C6 | shop-12 | A     | 07:00:00    | 09:00:00    | never        | 09:20:00    | yes  |       |
 * | C7 | shop-12 | B     | 14:00:00    | 14:00:00 *  | 14:00:40.900 | 14:05:00    |      |       |
 * | C8 | default | A     | 11-30 21:00 | 21:00:00 *  | 11-30 21:01  | 11-30 21:30 |      | 1     |
 *
 * `*` taken as it opened (no assignment entry in its log); `†` after a failed send, which does not
 * answer; `‡` accepted by A, transferred to B at 11:05. C1's score came with the words 「客服很耐心」,
 * C3's with 「等太久了」. Messages written, customer + agent (bots,
 * notes, lifecycle entries, failed sends and survey scores are not messages):
 * C1 09:00 c, 09:01 a, 09:02 c, 09:03 a · C2 10:00 c, 10:02 c, 10:06:30 a, 10:08 a · C3 11:00 c,
 * 11:02 a, 11:03 c, 11:06 a · C4 08:00 c, 08:00:30 c, 09:45 a · C5 11-30 23:50 c, 11-30 23:55 a,
 * 00:05 c, 00:08 a · C6 07:00 c, 07:10 c · C7 14:00 c, 14:00:40.9 a, 14:01 c, 14:02 a, 14:03 c ·
 * C8 11-30 21:00 c, 11-30 21:01 a.
 */
import type { Conversation } from '../../shared/domain/conversation.ts';
import type { Message, MessageContent } from '../../shared/domain/message.ts';
import type { ReportFacts } from '../../shared/domain/report-facts.ts';

export const reportDay = { date: '2026-12-01', timeZone: 'Asia/Shanghai' } as const;

/** An instant given in Shanghai time, `2026-12-01 09:00:00` (a date alone is the fixture's day). */
export function shanghai(time: string): number {
  const [date, clock] = time.includes(' ') ? time.split(' ') : [reportDay.date, time];
  return Date.parse(`${date}T${clock}+08:00`);
}

export const reportDayAppId = 'wxreportday0000001';
export const agentA = 'agent-a';
export const agentB = 'agent-b';

type Line =
  | { at: string; by: 'customer' | 'bot'; text?: string }
  | { at: string; by: 'agent'; agentId: string; failed?: true }
  | { at: string; by: 'note'; agentId: string }
  | { at: string; event: string; detail: Record<string, string> };

interface Script {
  id: string;
  queueId: string;
  openedAt: string;
  closedAt: string;
  assigneeId: string;
  assignedAt: string;
  leftMessageAt?: string;
  rating?: { score: number; at: string; comment?: string };
  lines: Line[];
}

function contentOf(line: Line): Pick<Message, 'direction' | 'author' | 'authorId' | 'content' | 'status'> {
  if ('event' in line) {
    return { direction: 'internal', author: 'system', content: { type: 'event', ...line } as MessageContent };
  }
  switch (line.by) {
    case 'customer':
      return {
        direction: 'inbound',
        author: 'customer',
        content: { type: 'text', text: line.text ?? '你好' },
      };
    case 'bot':
      return {
        direction: 'outbound',
        author: 'bot',
        content: { type: 'text', text: '自动回复' },
        status: 'sent',
      };
    case 'agent':
      return {
        direction: 'outbound',
        author: 'agent',
        authorId: line.agentId,
        content: { type: 'text', text: '您好' },
        status: line.failed ? 'failed' : 'sent',
      };
    case 'note':
      return {
        direction: 'internal',
        author: 'agent',
        authorId: line.agentId,
        content: { type: 'note', text: '备注', authorName: line.agentId },
      };
  }
}

function played(script: Script): { conversation: Conversation & { closedAt: number }; messages: Message[] } {
  const closedAt = shanghai(script.closedAt);
  const messages = script.lines.map(
    (line, index): Message => ({
      conversationId: script.id,
      messageId: `${script.id}-${String(index).padStart(3, '0')}`,
      workspaceId: 'report-day',
      appId: reportDayAppId,
      openId: `o-${script.id}`,
      ...contentOf(line),
      createdAt: shanghai(line.at),
    }),
  );
  const last = messages.at(-1) as Message;
  return {
    conversation: {
      conversationId: script.id,
      workspaceId: 'report-day',
      appId: reportDayAppId,
      openId: `o-${script.id}`,
      queueId: script.queueId,
      state: 'closed',
      assigneeId: script.assigneeId,
      createdAt: shanghai(script.openedAt),
      assignedAt: shanghai(script.assignedAt),
      ...(script.leftMessageAt ? { leftMessageAt: shanghai(script.leftMessageAt) } : {}),
      lastMessageAt: last.createdAt,
      lastMessageId: last.messageId,
      lastMessagePreview: '…',
      closedAt,
      ...(script.rating
        ? {
            surveyInvitedAt: closedAt,
            rating: script.rating.score,
            ratedAt: shanghai(script.rating.at),
            ...(script.rating.comment ? { ratingComment: script.rating.comment } : {}),
          }
        : {}),
    },
    messages,
  };
}

const closing = (at: string, by: string) => ({ at, event: 'conversation_closed', detail: { by } });

const scripts: Script[] = [
  {
    id: 'C1',
    queueId: 'default',
    openedAt: '09:00:00',
    closedAt: '09:10:00',
    assigneeId: agentA,
    assignedAt: '09:00:00',
    rating: { score: 5, at: '09:11:00', comment: '客服很耐心' },
    lines: [
      { at: '09:00:00', by: 'customer' },
      { at: '09:01:00', by: 'agent', agentId: agentA },
      { at: '09:02:00', by: 'customer' },
      { at: '09:03:00', by: 'agent', agentId: agentA },
      closing('09:10:00', agentA),
      // The closing words with the survey, then the customer's score.
      { at: '09:10:00', by: 'bot' },
      { at: '09:11:00', by: 'customer', text: '5' },
    ],
  },
  {
    id: 'C2',
    queueId: 'default',
    openedAt: '10:00:00',
    closedAt: '10:20:00',
    assigneeId: agentB,
    assignedAt: '10:05:00',
    lines: [
      { at: '10:00:00', by: 'customer' },
      { at: '10:02:00', by: 'customer' },
      { at: '10:05:00', event: 'conversation_assigned', detail: { to: agentB } },
      { at: '10:05:30', by: 'agent', agentId: agentB, failed: true },
      { at: '10:06:30', by: 'agent', agentId: agentB },
      { at: '10:07:00', by: 'agent', agentId: agentB, failed: true },
      { at: '10:08:00', by: 'agent', agentId: agentB },
      { at: '10:09:00', by: 'note', agentId: agentB },
      closing('10:20:00', agentB),
    ],
  },
  {
    id: 'C3',
    queueId: 'default',
    openedAt: '11:00:00',
    closedAt: '11:30:00',
    assigneeId: agentB,
    assignedAt: '11:01:00',
    rating: { score: 2, at: '11:40:00', comment: '等太久了' },
    lines: [
      { at: '11:00:00', by: 'customer' },
      { at: '11:01:00', event: 'conversation_accepted', detail: { by: agentA } },
      { at: '11:02:00', by: 'agent', agentId: agentA },
      { at: '11:03:00', by: 'customer' },
      { at: '11:05:00', event: 'conversation_transferred', detail: { from: agentA, to: agentB } },
      { at: '11:06:00', by: 'agent', agentId: agentB },
      closing('11:30:00', agentB),
      { at: '11:40:00', by: 'customer', text: '2' },
    ],
  },
  {
    id: 'C4',
    queueId: 'shop-12',
    openedAt: '08:00:00',
    closedAt: '09:50:00',
    assigneeId: agentA,
    assignedAt: '09:30:00',
    leftMessageAt: '08:00:00',
    lines: [
      { at: '08:00:00', by: 'customer' },
      { at: '08:00:30', by: 'customer' },
      { at: '09:30:00', event: 'conversation_assigned', detail: { to: agentA } },
      { at: '09:45:00', by: 'agent', agentId: agentA },
      closing('09:50:00', agentA),
    ],
  },
  {
    id: 'C5',
    queueId: 'default',
    openedAt: '2026-11-30 23:50:00',
    closedAt: '00:10:00',
    assigneeId: agentB,
    assignedAt: '2026-11-30 23:50:00',
    lines: [
      { at: '2026-11-30 23:50:00', by: 'customer' },
      { at: '2026-11-30 23:55:00', by: 'agent', agentId: agentB },
      { at: '00:05:00', by: 'customer' },
      { at: '00:08:00', by: 'agent', agentId: agentB },
      closing('00:10:00', agentB),
    ],
  },
  {
    id: 'C6',
    queueId: 'shop-12',
    openedAt: '07:00:00',
    closedAt: '09:20:00',
    assigneeId: agentA,
    assignedAt: '09:00:00',
    leftMessageAt: '07:00:00',
    lines: [
      { at: '07:00:00', by: 'customer' },
      { at: '07:10:00', by: 'customer' },
      { at: '09:00:00', event: 'conversation_assigned', detail: { to: agentA } },
      { at: '09:20:00', event: 'conversation_closed', detail: { reason: 'inactive' } },
    ],
  },
  {
    id: 'C7',
    queueId: 'shop-12',
    openedAt: '14:00:00',
    closedAt: '14:05:00',
    assigneeId: agentB,
    assignedAt: '14:00:00',
    lines: [
      { at: '14:00:00', by: 'customer' },
      { at: '14:00:01', by: 'bot' },
      { at: '14:00:40.900', by: 'agent', agentId: agentB },
      { at: '14:01:00', by: 'customer' },
      { at: '14:02:00', by: 'agent', agentId: agentB },
      { at: '14:03:00', by: 'customer' },
      closing('14:05:00', agentB),
    ],
  },
  {
    id: 'C8',
    queueId: 'default',
    openedAt: '2026-11-30 21:00:00',
    closedAt: '2026-11-30 21:30:00',
    assigneeId: agentA,
    assignedAt: '2026-11-30 21:00:00',
    rating: { score: 1, at: '2026-11-30 21:31:00' },
    lines: [
      { at: '2026-11-30 21:00:00', by: 'customer' },
      { at: '2026-11-30 21:01:00', by: 'agent', agentId: agentA },
      closing('2026-11-30 21:30:00', agentA),
      { at: '2026-11-30 21:31:00', by: 'customer', text: '1' },
    ],
  },
];

/** The eight conversations as they closed, each with its whole log. */
export const reportDayConversations = scripts.map(played);

const hour = (time: string) => String(shanghai(time));

/** Each conversation's facts, written out by hand from the table above (UTC hours keyed by their start). */
export const reportDayFacts: ReportFacts[] = [
  {
    conversationId: 'C1',
    appId: reportDayAppId,
    queueId: 'default',
    agentId: agentA,
    openedAt: shanghai('09:00:00'),
    firstAssignedAt: shanghai('09:00:00'),
    firstResponseAt: shanghai('09:01:00'),
    closedAt: shanghai('09:10:00'),
    leftMessage: false,
    customerMessages: 2,
    agentMessages: 2,
    messagesByHour: { [hour('09:00:00')]: 4 },
    agentMessagesByHour: { [hour('09:00:00')]: 2 },
    rating: 5,
    ratedAt: shanghai('09:11:00'),
    ratingComment: '客服很耐心',
  },
  {
    conversationId: 'C2',
    appId: reportDayAppId,
    queueId: 'default',
    agentId: agentB,
    openedAt: shanghai('10:00:00'),
    firstAssignedAt: shanghai('10:05:00'),
    firstResponseAt: shanghai('10:06:30'),
    closedAt: shanghai('10:20:00'),
    leftMessage: false,
    customerMessages: 2,
    agentMessages: 2,
    messagesByHour: { [hour('10:00:00')]: 4 },
    agentMessagesByHour: { [hour('10:00:00')]: 2 },
  },
  {
    conversationId: 'C3',
    appId: reportDayAppId,
    queueId: 'default',
    agentId: agentB,
    openedAt: shanghai('11:00:00'),
    firstAssignedAt: shanghai('11:01:00'),
    firstResponseAt: shanghai('11:02:00'),
    closedAt: shanghai('11:30:00'),
    leftMessage: false,
    customerMessages: 2,
    agentMessages: 2,
    messagesByHour: { [hour('11:00:00')]: 4 },
    agentMessagesByHour: { [hour('11:00:00')]: 2 },
    rating: 2,
    ratedAt: shanghai('11:40:00'),
    ratingComment: '等太久了',
  },
  {
    conversationId: 'C4',
    appId: reportDayAppId,
    queueId: 'shop-12',
    agentId: agentA,
    openedAt: shanghai('08:00:00'),
    firstAssignedAt: shanghai('09:30:00'),
    firstResponseAt: shanghai('09:45:00'),
    closedAt: shanghai('09:50:00'),
    leftMessage: true,
    customerMessages: 2,
    agentMessages: 1,
    messagesByHour: { [hour('08:00:00')]: 2, [hour('09:00:00')]: 1 },
    agentMessagesByHour: { [hour('09:00:00')]: 1 },
  },
  {
    conversationId: 'C5',
    appId: reportDayAppId,
    queueId: 'default',
    agentId: agentB,
    openedAt: shanghai('2026-11-30 23:50:00'),
    firstAssignedAt: shanghai('2026-11-30 23:50:00'),
    firstResponseAt: shanghai('2026-11-30 23:55:00'),
    closedAt: shanghai('00:10:00'),
    leftMessage: false,
    customerMessages: 2,
    agentMessages: 2,
    messagesByHour: { [hour('2026-11-30 23:00:00')]: 2, [hour('00:00:00')]: 2 },
    agentMessagesByHour: { [hour('2026-11-30 23:00:00')]: 1, [hour('00:00:00')]: 1 },
  },
  {
    conversationId: 'C6',
    appId: reportDayAppId,
    queueId: 'shop-12',
    agentId: agentA,
    openedAt: shanghai('07:00:00'),
    firstAssignedAt: shanghai('09:00:00'),
    closedAt: shanghai('09:20:00'),
    leftMessage: true,
    customerMessages: 2,
    agentMessages: 0,
    messagesByHour: { [hour('07:00:00')]: 2 },
    agentMessagesByHour: {},
  },
  {
    conversationId: 'C7',
    appId: reportDayAppId,
    queueId: 'shop-12',
    agentId: agentB,
    openedAt: shanghai('14:00:00'),
    firstAssignedAt: shanghai('14:00:00'),
    firstResponseAt: shanghai('14:00:40.900'),
    closedAt: shanghai('14:05:00'),
    leftMessage: false,
    customerMessages: 3,
    agentMessages: 2,
    messagesByHour: { [hour('14:00:00')]: 5 },
    agentMessagesByHour: { [hour('14:00:00')]: 2 },
  },
  {
    conversationId: 'C8',
    appId: reportDayAppId,
    queueId: 'default',
    agentId: agentA,
    openedAt: shanghai('2026-11-30 21:00:00'),
    firstAssignedAt: shanghai('2026-11-30 21:00:00'),
    firstResponseAt: shanghai('2026-11-30 21:01:00'),
    closedAt: shanghai('2026-11-30 21:30:00'),
    leftMessage: false,
    customerMessages: 1,
    agentMessages: 1,
    messagesByHour: { [hour('2026-11-30 21:00:00')]: 2 },
    agentMessagesByHour: { [hour('2026-11-30 21:00:00')]: 1 },
    rating: 1,
    ratedAt: shanghai('2026-11-30 21:31:00'),
  },
];
