import type { DeliveryStatus as Status } from '../../../shared/domain/message.ts';
import { Icon } from './Icon.tsx';

/** The outbox's states map onto the same ticks: on its way (clock), sent (check), not sent (red). */
export type ShownStatus = Status | 'unsure' | 'refused';

const looks: Record<ShownStatus, { icon: 'clock' | 'check' | 'alert'; label: string; tone: string }> = {
  pending: { icon: 'clock', label: 'Sending…', tone: 'sending' },
  sending: { icon: 'clock', label: 'Sending…', tone: 'sending' },
  sent: { icon: 'check', label: 'Sent', tone: 'sent' },
  failed: { icon: 'alert', label: 'Not delivered', tone: 'failed' },
  unsure: { icon: 'clock', label: 'Not sent yet', tone: 'unsure' },
  refused: { icon: 'alert', label: 'Not sent', tone: 'failed' },
};

/** A message's delivery status: an icon, and words (visible except for "Sent", which the tick says). */
export function DeliveryStatus({ status }: { status: ShownStatus }) {
  const look = looks[status];
  return (
    <span class={`delivery delivery--${look.tone}`} data-delivery={status} title={look.label}>
      <Icon name={look.icon} size={14} />
      <span class={status === 'sent' ? 'visually-hidden' : 'delivery__label'}>{look.label}</span>
    </span>
  );
}
