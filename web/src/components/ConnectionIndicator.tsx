import { t } from '../i18n.ts';
import type { ConnectionStatus } from '../socket.ts';

/** Says only what the socket really is: "Connected" means frames can arrive right now. */
export function ConnectionIndicator({ status }: { status: ConnectionStatus }) {
  return (
    <div
      class={`connection connection--${status}`}
      role="status"
      data-status={status}
      title={t(`connection.explain.${status}`)}
    >
      <span class="connection__dot" aria-hidden="true" />
      <span class="connection__label">{t(`connection.${status}`)}</span>
    </div>
  );
}
