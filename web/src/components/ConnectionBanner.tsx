import { t } from '../i18n.ts';
import type { ConnectionStatus } from '../socket.ts';

/**
 * The indicator in the top bar is easy to overlook; while the console cannot receive messages, a
 * banner says so where the agent is looking.
 */
export function ConnectionBanner({ status }: { status: ConnectionStatus }) {
  if (status === 'connected' || status === 'connecting') return null;
  return (
    <div class={`banner banner--${status}`}>
      {status === 'offline' ? t('banner.offline') : t('banner.reconnecting')}
    </div>
  );
}
