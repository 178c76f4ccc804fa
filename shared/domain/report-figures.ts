/**
 * A report's figures (`GET /api/reports`) from the facts of the conversations that closed in its date
 * range: conversations count on the date and hour they closed, messages on the date and hour they
 * were written, both in the report's time zone. Durations are whole seconds, rounded down;
 * percentiles are nearest-rank.
 */
import type { ReportFacts } from './report-facts.ts';
import { type CalendarDate, datesBetween, zonedDateHour } from './zoned-calendar.ts';

export interface ReportRange {
  from: CalendarDate;
  to: CalendarDate;
  timeZone: string;
}

export interface Percentiles {
  p50: number | null;
  p90: number | null;
}

export type Score = '1' | '2' | '3' | '4' | '5';

export interface Figures {
  conversations: number;
  messages: number;
  customerMessages: number;
  agentMessages: number;
  /** From opening to an agent first having it. */
  wait: Percentiles;
  /** From opening to an agent's first answer. */
  firstResponse: Percentiles;
  /** From an agent first having it to its closing. */
  handle: Percentiles;
  /** From opening to closing. */
  resolution: Percentiles;
  leftMessages: { count: number; answered: number; answerDelay: Percentiles };
  satisfaction: { count: number; average: number | null; scores: Record<Score, number> };
}

export interface Report {
  range: ReportRange;
  totals: Figures;
  byDay: ({ date: CalendarDate } & Figures)[];
  byHour: { hour: number; conversations: number; messages: number }[];
  byQueue: ({ appId: string; queueId: string; name: string } & Figures)[];
  byAgent: ({ agentId: string; name: string } & Figures)[];
  /** What customers wrote with their scores, the latest first. */
  comments: SurveyComment[];
}

export interface SurveyComment {
  conversationId: string;
  appId: string;
  queueId: string;
  /** The agent who served the customer, and their name (their id when they have none). */
  agentId?: string;
  agentName?: string;
  score: number;
  comment: string;
  ratedAt: number;
}

/** Display names of the workspace's queues (by `queueNameKey`) and agents (by id). */
export interface ReportNames {
  queues: ReadonlyMap<string, string>;
  agents: ReadonlyMap<string, string>;
}

export const queueNameKey = (appId: string, queueId: string) => `${appId}/${queueId}`;

/** The value at rank ⌈p/100 × n⌉ of the values sorted ascending (1-based); null for none. */
export function nearestRank(values: readonly number[], percent: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.max(1, Math.ceil((percent / 100) * sorted.length)) - 1] ?? null;
}

function percentiles(values: readonly number[]): Percentiles {
  return { p50: nearestRank(values, 50), p90: nearestRank(values, 90) };
}

/** Whole seconds from one instant to a later one; clocks of two machines never make it negative. */
function seconds(from: number, to: number): number {
  return Math.max(0, Math.floor((to - from) / 1000));
}

/** A conversation's facts placed in the report's zone, with its messages that fall in the range. */
interface Placed {
  facts: ReportFacts;
  closedOn: { date: CalendarDate; hour: number };
  /** Messages written within the range, by where they fall in the zone. */
  messages: { date: CalendarDate; hour: number; all: number; agents: number }[];
}

/** Where each UTC hour falls in the zone, worked out once per hour however many conversations share it. */
type HourPlaces = Map<string, { date: CalendarDate; hour: number }>;

function place(facts: ReportFacts, range: ReportRange, hourPlaces: HourPlaces): Placed {
  const messages: Placed['messages'] = [];
  for (const [hour, all] of Object.entries(facts.messagesByHour)) {
    // An hour of UTC is counted where it starts (in zones a half hour off UTC, half of it is an hour late).
    let at = hourPlaces.get(hour);
    if (!at) {
      at = zonedDateHour(Number(hour), range.timeZone);
      hourPlaces.set(hour, at);
    }
    if (at.date < range.from || at.date > range.to) continue;
    messages.push({ ...at, all, agents: facts.agentMessagesByHour[hour] ?? 0 });
  }
  return { facts, closedOn: zonedDateHour(facts.closedAt, range.timeZone), messages };
}

function figuresOf(
  conversations: readonly Placed[],
  messages: readonly Placed['messages'][number][] = conversations.flatMap((placed) => placed.messages),
): Figures {
  const all = messages.reduce((sum, hour) => sum + hour.all, 0);
  const agentMessages = messages.reduce((sum, hour) => sum + hour.agents, 0);
  const facts = conversations.map((placed) => placed.facts);
  const assigned = facts.filter((fact) => fact.firstAssignedAt !== undefined);
  const answered = facts.filter((fact) => fact.firstResponseAt !== undefined);
  const leftMessages = facts.filter((fact) => fact.leftMessage);
  const leftAnswered = leftMessages.filter((fact) => fact.firstResponseAt !== undefined);
  const rated = facts.flatMap((fact) => (fact.rating === undefined ? [] : [fact.rating]));
  const scores: Record<Score, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const rating of rated) scores[String(rating) as Score]++;
  const firstResponse = (fact: ReportFacts) => seconds(fact.openedAt, fact.firstResponseAt ?? fact.openedAt);
  return {
    conversations: facts.length,
    messages: all,
    customerMessages: all - agentMessages,
    agentMessages,
    wait: percentiles(assigned.map((fact) => seconds(fact.openedAt, fact.firstAssignedAt ?? fact.openedAt))),
    firstResponse: percentiles(answered.map(firstResponse)),
    handle: percentiles(
      assigned.map((fact) => seconds(fact.firstAssignedAt ?? fact.closedAt, fact.closedAt)),
    ),
    resolution: percentiles(facts.map((fact) => seconds(fact.openedAt, fact.closedAt))),
    leftMessages: {
      count: leftMessages.length,
      answered: leftAnswered.length,
      answerDelay: percentiles(leftAnswered.map(firstResponse)),
    },
    satisfaction: {
      count: rated.length,
      average:
        rated.length === 0
          ? null
          : Math.round((rated.reduce((sum, rating) => sum + rating, 0) / rated.length) * 100) / 100,
      scores,
    },
  };
}

function groupBy(placed: readonly Placed[], keyOf: (facts: ReportFacts) => string | undefined) {
  const groups = new Map<string, Placed[]>();
  for (const entry of placed) {
    const key = keyOf(entry.facts);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group) group.push(entry);
    else groups.set(key, [entry]);
  }
  return groups;
}

/** Most conversations first; equals by name, then key, so the order never wavers between reads. */
function byConversations<T extends { conversations: number; name: string }>(
  rows: T[],
  keyOf: (row: T) => string,
) {
  return rows.sort(
    (left, right) =>
      right.conversations - left.conversations ||
      left.name.localeCompare(right.name) ||
      keyOf(left).localeCompare(keyOf(right)),
  );
}

/** The report of the conversations whose facts are given, counting only those closed within the range. */
export function reportFigures(facts: readonly ReportFacts[], range: ReportRange, names: ReportNames): Report {
  const hourPlaces: HourPlaces = new Map();
  const placed = facts
    .map((fact) => place(fact, range, hourPlaces))
    .filter(({ closedOn }) => closedOn.date >= range.from && closedOn.date <= range.to);
  const messages = placed.flatMap((entry) => entry.messages);

  const byDay = datesBetween(range.from, range.to).map((date) => ({
    date,
    ...figuresOf(
      placed.filter((entry) => entry.closedOn.date === date),
      messages.filter((hour) => hour.date === date),
    ),
  }));

  const byHour = Array.from({ length: 24 }, (_, hour) => ({
    hour,
    conversations: placed.filter((entry) => entry.closedOn.hour === hour).length,
    messages: messages.filter((entry) => entry.hour === hour).reduce((sum, entry) => sum + entry.all, 0),
  }));

  const queues = groupBy(placed, (fact) => queueNameKey(fact.appId, fact.queueId));
  const byQueue = byConversations(
    [...queues].map(([key, group]) => {
      const { appId, queueId } = (group[0] as Placed).facts;
      return { appId, queueId, name: names.queues.get(key) ?? queueId, ...figuresOf(group) };
    }),
    (row) => queueNameKey(row.appId, row.queueId),
  );

  const agents = groupBy(placed, (fact) => fact.agentId);
  const byAgent = byConversations(
    [...agents].map(([agentId, group]) => ({
      agentId,
      name: names.agents.get(agentId) ?? agentId,
      ...figuresOf(group),
    })),
    (row) => row.agentId,
  );

  const comments = placed
    .flatMap(({ facts: fact }): SurveyComment[] =>
      fact.ratingComment === undefined || fact.rating === undefined || fact.ratedAt === undefined
        ? []
        : [
            {
              conversationId: fact.conversationId,
              appId: fact.appId,
              queueId: fact.queueId,
              ...(fact.agentId === undefined
                ? {}
                : { agentId: fact.agentId, agentName: names.agents.get(fact.agentId) ?? fact.agentId }),
              score: fact.rating,
              comment: fact.ratingComment,
              ratedAt: fact.ratedAt,
            },
          ],
    )
    .sort((left, right) => right.ratedAt - left.ratedAt);

  return { range, totals: figuresOf(placed, messages), byDay, byHour, byQueue, byAgent, comments };
}
