import type { Agent } from '../../../shared/domain/agent.ts';
import { clockTime } from '../format-time.ts';
import type { ConnectionStatus } from '../socket.ts';
import { ConnectionIndicator } from './ConnectionIndicator.tsx';

interface TopBarProps {
  agent: Agent;
  status: ConnectionStatus;
  /** Set when the session could not be renewed and is about to end, to warn the agent. */
  expiresAt?: number;
  onSignOut: () => void;
}

export function TopBar({ agent, status, expiresAt, onSignOut }: TopBarProps) {
  return (
    <header class="topbar">
      <div class="topbar__brand">
        <span class="topbar__logo" aria-hidden="true">
          客
        </span>
        <span class="topbar__name">Customer service</span>
      </div>
      <ConnectionIndicator status={status} />
      <div class="topbar__spacer" />
      {expiresAt !== undefined && (
        <p class="topbar__expiry" role="status">
          Could not renew your session. It ends at {clockTime(expiresAt)}: you will need to sign in again.
        </p>
      )}
      <span class="topbar__agent" title={`Signed in as ${agent.username}`}>
        {agent.displayName || agent.username}
      </span>
      <button class="button button--quiet" type="button" onClick={onSignOut}>
        Sign out
      </button>
    </header>
  );
}
