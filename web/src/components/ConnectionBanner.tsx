import type { ConnectionStatus } from '../socket.ts';

/**
 * The indicator in the top bar is easy to overlook; while the console cannot receive messages, a
 * banner says so where the agent is looking.
 */
export function ConnectionBanner({ status }: { status: ConnectionStatus }) {
  if (status === 'connected' || status === 'connecting') return null;
  return (
    <div class={`banner banner--${status}`}>
      {status === 'offline'
        ? 'You are offline. New messages will appear when the network is back.'
        : 'Connection lost. Reconnecting… Messages that arrive meanwhile will appear once it is back.'}
    </div>
  );
}
