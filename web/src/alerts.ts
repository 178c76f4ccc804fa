import type { Conversation } from '../../shared/domain/conversation.ts';
import type { Message } from '../../shared/domain/message.ts';
import type { ServerFrame } from '../../shared/realtime/frames.ts';
import { type AlertSettings, notificationsShown } from './alert-settings.ts';
import type { ConsoleState } from './console-state.ts';
import { contentPreview } from './content-text.ts';
import { belongsTo, isAtLeastAsRecent } from './conversations.ts';
import { customerLabel } from './customer-names.ts';
import { t } from './i18n.ts';
import { lifecycleText } from './lifecycle-text.ts';

/**
 * When the console calls for an agent who is looking elsewhere (a chime, a desktop notification), and
 * what it says. Pure: the controller asks `frameAlert` about every frame and `catchUpAlert` after a
 * resync, and hands what they answer to an `Alerter`, which applies the agent's preferences and the
 * rate limits before anything reaches the browser (`browser-alerts.ts`).
 *
 * Alerts are for what needs the agent: a conversation new to their list (a new customer, a transfer
 * in, an assignment from the queue) and a customer's message in one of their conversations, unless
 * the agent has that very conversation open on a visible tab. Never the agent's own messages or
 * actions, bot messages, other internal events, updates of known messages, or what a resync reads
 * back (that gives at most one summary).
 */

/**
 * `conversation`: new to the agent's list; `message`: a customer wrote in one already there;
 * `summary`: several things a resync read back at once.
 */
export type AlertKind = 'conversation' | 'message' | 'summary';

export interface Alert {
  kind: AlertKind;
  /** What a click on the notification opens; a summary about several conversations has none. */
  conversationId?: string;
  title: string;
  body: string;
}

/** What the console held just before a frame was applied. */
export type AlertView = Pick<
  ConsoleState,
  'agent' | 'conversations' | 'listLoaded' | 'threads' | 'selectedId' | 'names'
> &
  Partial<Pick<ConsoleState, 'customerNames'>>;

/** Internal events that give the agent a conversation. */
const handOverEvents: ReadonlySet<string> = new Set([
  'conversation_assigned',
  'conversation_transferred',
  'conversation_accepted',
]);

function customerTitle(conversation: Pick<Conversation, 'appId' | 'openId'>, view: AlertView): string {
  return t('alerts.customer', { customer: customerLabel(view.customerNames ?? {}, conversation) });
}

function newConversationTitle(conversation: Pick<Conversation, 'appId' | 'openId'>, view: AlertView): string {
  return t('alerts.newConversation', { customer: customerLabel(view.customerNames ?? {}, conversation) });
}

/** The agent has this conversation open in a tab they can see. */
function lookingAt(view: AlertView, visible: boolean, conversationId: string): boolean {
  return visible && view.selectedId === conversationId;
}

function isCustomerMessage(message: Message): boolean {
  return message.direction === 'inbound' && message.author === 'customer';
}

/** Whether the alert for a conversation new to the list or a message would be about something needing the agent. */
function isWorkOf(conversation: Conversation, agentId: string): boolean {
  return belongsTo(conversation, agentId) && conversation.state === 'active';
}

/** Whether the console already holds the message: a frame delivered twice, or read over HTTP first. */
function alreadyHeld(view: AlertView, message: Message): boolean {
  return (
    view.threads[message.conversationId]?.messages.some((held) => held.messageId === message.messageId) ??
    false
  );
}

function handOverBody(message: Message, conversation: Conversation, view: AlertView): string {
  const content = message.content;
  const sentence =
    (content.type === 'event' &&
      lifecycleText(content, conversation.appId, { agentId: view.agent.agentId, names: view.names })) ||
    t('alerts.handedToYou');
  const customerSaid =
    conversation.lastMessageId !== message.messageId ? conversation.lastMessagePreview.trim() : '';
  return customerSaid ? `${sentence} · ${customerSaid}` : sentence;
}

/** The alert a `message.created` asks for, if any. */
function messageAlert(
  message: Message,
  snapshot: Conversation,
  view: AlertView,
  visible: boolean,
): Alert | undefined {
  const { agentId } = view.agent;
  const { conversationId } = message;
  if (snapshot.conversationId !== conversationId) return undefined;
  if (message.authorId === agentId || alreadyHeld(view, message)) return undefined;
  const known = view.conversations.find((item) => item.conversationId === conversationId);
  // A frame delivered late may carry an older picture of the conversation than the list's.
  const conversation = known && !isAtLeastAsRecent(snapshot, known) ? known : snapshot;
  if (!isWorkOf(conversation, agentId) || lookingAt(view, visible, conversationId)) return undefined;
  // Before the first list read every conversation would look new: it is only a message then.
  const isNew = view.listLoaded && known === undefined;
  if (isCustomerMessage(message)) {
    // "Entered the chat" and the like open a conversation; in one already there they need nobody.
    if (!isNew && message.content.type === 'event') return undefined;
    return {
      kind: isNew ? 'conversation' : 'message',
      conversationId,
      title: isNew ? newConversationTitle(conversation, view) : customerTitle(conversation, view),
      body: contentPreview(message.content),
    };
  }
  if (
    isNew &&
    message.direction === 'internal' &&
    message.content.type === 'event' &&
    handOverEvents.has(message.content.event)
  ) {
    return {
      kind: 'conversation',
      conversationId,
      title: newConversationTitle(conversation, view),
      body: handOverBody(message, conversation, view),
    };
  }
  return undefined;
}

/**
 * Whether a frame, arriving now, calls for the agent. `view` is the console just before the frame was
 * applied; `visible` whether the tab is on screen.
 */
export function frameAlert(frame: ServerFrame, view: AlertView, visible: boolean): Alert | undefined {
  switch (frame.type) {
    case 'message.created':
      return messageAlert(frame.message, frame.conversation, view, visible);
    case 'conversation.updated': {
      // Normally the hand-over's own message.created came first and added it; this is in case it did not.
      const { conversation } = frame;
      const isNew =
        view.listLoaded &&
        !view.conversations.some((item) => item.conversationId === conversation.conversationId);
      if (!isNew || !isWorkOf(conversation, view.agent.agentId)) return undefined;
      if (lookingAt(view, visible, conversation.conversationId)) return undefined;
      return {
        kind: 'conversation',
        conversationId: conversation.conversationId,
        title: newConversationTitle(conversation, view),
        body: conversation.lastMessagePreview.trim() || t('alerts.handedToYou'),
      };
    }
    default:
      return undefined;
  }
}

/** What a resync read that the console did not hold. */
export interface CaughtUp {
  /** Conversations the list read added: assigned or transferred in while frames were missed. */
  conversations: readonly Conversation[];
  /** Messages read after the last one each thread held, none of them held before. */
  messages: readonly Message[];
}

function plural(count: number, noun: 'message' | 'conversation'): string {
  return noun === 'message' ? t('alerts.newMessages', { count }) : t('alerts.newConversations', { count });
}

const namedInSummary = 3;

/**
 * At most one alert for everything a resync read back (frames missed while the socket was down): a
 * burst of chimes for messages that are minutes old helps nobody. `view` is the console after the
 * resync, so its list says which conversations are still the agent's.
 */
export function catchUpAlert(caughtUp: CaughtUp, view: AlertView, visible: boolean): Alert | undefined {
  const { agentId } = view.agent;
  const current = new Map(view.conversations.map((item) => [item.conversationId, item]));
  const needsAgent = (conversationId: string) => {
    const conversation = current.get(conversationId);
    return (
      conversation !== undefined &&
      isWorkOf(conversation, agentId) &&
      !lookingAt(view, visible, conversationId)
    );
  };
  const arrived = caughtUp.conversations.filter((item) => needsAgent(item.conversationId));
  const arrivedIds = new Set(arrived.map((item) => item.conversationId));
  const messages = caughtUp.messages.filter(
    (message) =>
      isCustomerMessage(message) &&
      (message.content.type !== 'event' || arrivedIds.has(message.conversationId)) &&
      needsAgent(message.conversationId),
  );
  const involved = [...new Set([...arrivedIds, ...messages.map((message) => message.conversationId)])];
  const [only] = involved;
  if (only === undefined) return undefined;
  if (involved.length === 1) {
    const conversation = current.get(only) as Conversation;
    const isNew = arrivedIds.has(only);
    const [first] = messages;
    return {
      kind: isNew ? 'conversation' : 'message',
      conversationId: only,
      title: isNew ? newConversationTitle(conversation, view) : customerTitle(conversation, view),
      body:
        messages.length > 1
          ? plural(messages.length, 'message')
          : first
            ? contentPreview(first.content)
            : conversation.lastMessagePreview.trim() || t('alerts.handedToYou'),
    };
  }
  const counts = [
    arrived.length > 0 ? plural(arrived.length, 'conversation') : undefined,
    messages.length > 0 ? plural(messages.length, 'message') : undefined,
  ].filter((part) => part !== undefined);
  const customers = involved
    .slice(0, namedInSummary)
    .map((conversationId) => customerTitle(current.get(conversationId) as Conversation, view));
  const more = involved.length - customers.length;
  return {
    kind: 'summary',
    title:
      counts.length === 2
        ? t('alerts.and', { first: counts[0] ?? '', second: counts[1] ?? '' })
        : (counts[0] ?? ''),
    body:
      more > 0
        ? t('alerts.andMore', { names: customers.join(t('alerts.listSeparator')), count: more })
        : customers.join(t('alerts.listSeparator')),
  };
}

/** A desktop notification as the browser adapter shows it. */
export interface DesktopNotification {
  title: string;
  body: string;
  /** A later notification with the same tag replaces this one instead of stacking. */
  tag: string;
  conversationId?: string;
}

/** The browser's side: sound, notifications (see browser-alerts.ts). */
export interface AlertOutput {
  chime(kind: AlertKind): void;
  notify(notification: DesktopNotification): void;
  /** Takes a notification away, if it is still shown. */
  dismiss(tag: string): void;
}

/** What the controller tells: something needs the agent; the agent has looked at a conversation. */
export interface ConsoleAlerts {
  alert(alert: Alert): void;
  seen(conversationId: string): void;
}

/** At most one chime in this long, however many things arrive. */
export const chimeIntervalMs = 3000;

/** One tag per conversation, so its notification is replaced rather than stacked; one for summaries. */
function notificationTag(conversationId: string | undefined): string {
  return conversationId === undefined ? 'catch-up' : `conversation:${conversationId}`;
}

export interface AlertOutcome {
  chimed: boolean;
  notified: boolean;
}

export interface AlerterOptions {
  now: () => number;
  /** Read at every alert: the agent may change them, and the browser's permission, at any time. */
  settings: () => AlertSettings;
  output: AlertOutput;
}

/**
 * The rate limits between alerts and the browser: at most one chime per `chimeIntervalMs`, and one
 * notification per conversation until the agent has looked at it (further messages still chime).
 */
export class Alerter implements ConsoleAlerts {
  private lastChimeAt: number | undefined;
  /** Tags of conversations notified about and not looked at since. */
  private readonly notified = new Set<string>();

  constructor(private readonly options: AlerterOptions) {}

  alert(alert: Alert): AlertOutcome {
    const { now, settings, output } = this.options;
    const current = settings();
    const at = now();
    const tag = notificationTag(alert.conversationId);
    const chimed =
      current.preferences.sound &&
      (this.lastChimeAt === undefined || at - this.lastChimeAt >= chimeIntervalMs);
    const notified = notificationsShown(current) && !this.notified.has(tag);
    if (chimed) {
      this.lastChimeAt = at;
      output.chime(alert.kind);
    }
    if (notified) {
      // A summary replaces the previous summary; it does not hold back the next one.
      if (alert.conversationId !== undefined) this.notified.add(tag);
      output.notify({
        title: alert.title,
        body: alert.body,
        tag,
        ...(alert.conversationId === undefined ? {} : { conversationId: alert.conversationId }),
      });
    }
    return { chimed, notified };
  }

  seen(conversationId: string): void {
    const tag = notificationTag(conversationId);
    if (this.notified.delete(tag)) this.options.output.dismiss(tag);
  }
}
