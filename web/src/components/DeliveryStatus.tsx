import type { DeliveryStatus as Status } from '../../../shared/domain/message.ts';
import { type MessageKey, t } from '../i18n.ts';
import { Icon } from './Icon.tsx';

/** The outbox's states map onto the same ticks: on its way (clock), sent (check), not sent (red). */
export type ShownStatus = Status | 'unsure' | 'refused';

const looks: Record<ShownStatus, { icon: 'clock' | 'check' | 'alert'; label: MessageKey; tone: string }> = {
  pending: { icon: 'clock', label: 'delivery.sending', tone: 'sending' },
  sending: { icon: 'clock', label: 'delivery.sending', tone: 'sending' },
  sent: { icon: 'check', label: 'delivery.sent', tone: 'sent' },
  failed: { icon: 'alert', label: 'delivery.failed', tone: 'failed' },
  unsure: { icon: 'clock', label: 'delivery.unsure', tone: 'unsure' },
  refused: { icon: 'alert', label: 'delivery.refused', tone: 'failed' },
};

/** A message's delivery status: an icon, and words (visible except for "Sent", which the tick says). */
export function DeliveryStatus({ status }: { status: ShownStatus }) {
  const look = looks[status];
  const label = t(look.label);
  return (
    <span class={`delivery delivery--${look.tone}`} data-delivery={status} title={label}>
      <Icon name={look.icon} size={14} />
      <span class={status === 'sent' ? 'visually-hidden' : 'delivery__label'}>{label}</span>
    </span>
  );
}
