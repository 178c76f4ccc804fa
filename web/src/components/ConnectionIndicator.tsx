import type { ConnectionStatus } from '../socket.ts';

const labels: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

const explanations: Record<ConnectionStatus, string> = {
  connecting: 'Opening the live connection.',
  connected: 'New messages appear as they arrive.',
  reconnecting: 'The live connection dropped. Retrying; missed messages are fetched once it is back.',
  offline: 'This computer is offline. The console reconnects when the network is back.',
};

/** Says only what the socket really is: "Connected" means frames can arrive right now. */
export function ConnectionIndicator({ status }: { status: ConnectionStatus }) {
  return (
    <div
      class={`connection connection--${status}`}
      role="status"
      data-status={status}
      title={explanations[status]}
    >
      <span class="connection__dot" aria-hidden="true" />
      <span class="connection__label">{labels[status]}</span>
    </div>
  );
}
