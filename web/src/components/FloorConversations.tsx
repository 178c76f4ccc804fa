import { useState } from 'preact/hooks';
import { byUrgency } from '../../../shared/domain/sla.ts';
import type { FloorConversation, FloorView } from '../api.ts';
import { type CustomerNames, customerLabel } from '../customer-names.ts';
import { t } from '../i18n.ts';
import { floorStanding, standingBadge, standingText } from '../response-targets.ts';
import { waitedText } from '../waiting-time.ts';

/** A dialog a row opens: the conversation it acts on, named as the console names its customer. */
export interface RowDialog {
  kind: 'transfer' | 'close';
  conversationId: string;
  customer: string;
}

interface FloorConversationsProps {
  floor: FloorView;
  names: CustomerNames;
  /** The supervisor watching: their own conversations are not theirs to take over. */
  me: string;
  /** The moment, on this console's clock, that was `ms` before the floor was read. */
  since: (ms: number) => number;
  now: number;
  /** The conversation being taken over, if any: one at a time. */
  pending: string | undefined;
  onTakeOver: (conversation: FloorConversation, customer: string) => void;
  onOpen: (dialog: RowDialog) => void;
}

/**
 * The floor's open conversations, most urgent first (the longest overdue against their queue's
 * response-time targets, then the least time left, then, without a target, the longest unanswered),
 * or the other way round from the unanswered column's header: a table at desktop width, a card per
 * conversation on a phone (styles.css), each with its actions.
 */
export function FloorConversations({
  floor,
  names,
  me,
  since,
  now,
  pending,
  onTakeOver,
  onOpen,
}: FloorConversationsProps) {
  const [mostUrgentFirst, setMostUrgentFirst] = useState(true);
  // The server lists the longest unanswered first; a stable sort keeps that among equals.
  const rows = floor.conversations
    .map((conversation) => ({ conversation, standing: floorStanding(floor, conversation, since, now) }))
    .sort((left, right) => byUrgency(left.standing, right.standing));
  if (!mostUrgentFirst) rows.reverse();
  return (
    <section class="floor__section" aria-labelledby="floor-conversations">
      <h3 class="floor__heading" id="floor-conversations">
        {t('floor.conversations')}
      </h3>
      {floor.conversations.length === 0 ? (
        <p class="floor__empty">{t('floor.noConversations')}</p>
      ) : (
        <table class="floor__table" data-testid="floor-conversations">
          <thead>
            <tr>
              <th scope="col">{t('floor.column.customer')}</th>
              <th scope="col">{t('floor.column.app')}</th>
              <th scope="col">{t('floor.column.queue')}</th>
              <th scope="col">{t('floor.column.agent')}</th>
              <th scope="col">{t('floor.column.open')}</th>
              <th scope="col" aria-sort={mostUrgentFirst ? 'ascending' : 'descending'}>
                <button
                  type="button"
                  class="floor__sort"
                  title={mostUrgentFirst ? t('floor.sortByUrgency') : t('floor.sortByUrgencyReversed')}
                  onClick={() => setMostUrgentFirst(!mostUrgentFirst)}
                >
                  {t('floor.column.unanswered')} {mostUrgentFirst ? '↑' : '↓'}
                </button>
              </th>
              <th scope="col">{t('floor.column.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ conversation, standing }) => {
              const { conversationId } = conversation;
              const badge = standingBadge(standing);
              const customer = customerLabel(names, conversation);
              const mine = conversation.assigneeId === me;
              return (
                <tr
                  key={conversation.conversationId}
                  class="floor__row"
                  data-conversation-id={conversation.conversationId}
                >
                  <th scope="row" class="floor__customer" title={conversation.lastMessagePreview}>
                    {customer}
                  </th>
                  <td data-label={t('floor.column.app')}>{appName(floor, conversation.appId)}</td>
                  <td data-label={t('floor.column.queue')}>{queueName(floor, conversation)}</td>
                  <td data-label={t('floor.column.agent')}>{agentText(floor, conversation, me)}</td>
                  <td data-label={t('floor.column.open')}>
                    {waitedText(since(conversation.openForMs), now)}
                  </td>
                  <td
                    data-label={t('floor.column.unanswered')}
                    class={[
                      conversation.unansweredMs === undefined ? '' : 'floor__unanswered',
                      badge ? `floor__unanswered--${standing.status}` : '',
                    ]
                      .filter(Boolean)
                      .join(' ')}
                    data-testid="floor-unanswered"
                    data-sla={standing.status}
                    title={standingText(standing)}
                  >
                    {conversation.unansweredMs === undefined
                      ? t('floor.answered')
                      : waitedText(since(conversation.unansweredMs), now)}
                    {badge && (
                      <span class="sla-badge" data-testid="sla-badge">
                        {badge}
                        <span class="visually-hidden">{`${t('sla.separator')}${standingText(standing)}`}</span>
                      </span>
                    )}
                  </td>
                  <td class="floor__actions">
                    {!mine && (
                      <button
                        type="button"
                        class="button button--small button--primary"
                        disabled={pending !== undefined}
                        aria-label={t('floor.takeOverLabel', { customer })}
                        onClick={() => onTakeOver(conversation, customer)}
                      >
                        {pending === conversation.conversationId
                          ? t('floor.takingOver')
                          : t('floor.takeOver')}
                      </button>
                    )}
                    {/* A waiting customer is taken over; only a served conversation moves or closes. */}
                    {conversation.state === 'active' && (
                      <>
                        <button
                          type="button"
                          class="button button--small"
                          aria-label={t('floor.transferLabel', { customer })}
                          aria-haspopup="dialog"
                          onClick={() => onOpen({ kind: 'transfer', conversationId, customer })}
                        >
                          {t('floor.transfer')}
                        </button>
                        <button
                          type="button"
                          class="button button--small"
                          aria-label={t('floor.closeLabel', { customer })}
                          aria-haspopup="dialog"
                          onClick={() => onOpen({ kind: 'close', conversationId, customer })}
                        >
                          {t('floor.close')}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function appName(floor: FloorView, appId: string): string {
  return floor.apps.find((app) => app.appId === appId)?.name ?? appId;
}

function queueName(floor: FloorView, conversation: FloorConversation): string {
  return (
    floor.queues.find((queue) => queue.appId === conversation.appId && queue.queueId === conversation.queueId)
      ?.name ?? conversation.queueId
  );
}

/** Who serves the conversation, or how it waits. */
function agentText(floor: FloorView, conversation: FloorConversation, me: string): string {
  if (conversation.state === 'queued') {
    return conversation.waitingKind === 'left_message' ? t('floor.leftMessage') : t('floor.inLine');
  }
  const name =
    floor.agents.find((agent) => agent.agentId === conversation.assigneeId)?.displayName ??
    t('floor.unknownAgent');
  return conversation.assigneeId === me ? t('floor.you', { name }) : name;
}
