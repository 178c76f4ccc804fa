import type { Agent } from '../../../shared/domain/agent.ts';
import type { AgentLoad, AgentStatus } from '../../../shared/domain/routing.ts';
import type { AlertSettings } from '../alert-settings.ts';
import { clockTime } from '../format-time.ts';
import type { ConnectionStatus } from '../socket.ts';
import { AlertsControl } from './AlertsControl.tsx';
import { ConnectionIndicator } from './ConnectionIndicator.tsx';
import { Icon } from './Icon.tsx';
import { StatusSelector } from './StatusSelector.tsx';

interface TopBarProps {
  agent: Agent;
  status: ConnectionStatus;
  routing?: AgentLoad;
  onChangeStatus: (status: AgentStatus) => Promise<string | undefined>;
  /** Set when the session could not be renewed and is about to end, to warn the agent. */
  expiresAt?: number;
  onSignOut: () => void;
  /** Opens the queue settings; only offered to admins. */
  onOpenQueueSettings: () => void;
  alerts: AlertSettings;
  onNotificationsChange: (on: boolean) => void;
  onSoundChange: (on: boolean) => void;
}

export function TopBar({
  agent,
  status,
  routing,
  onChangeStatus,
  expiresAt,
  onSignOut,
  onOpenQueueSettings,
  alerts,
  onNotificationsChange,
  onSoundChange,
}: TopBarProps) {
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
      {agent.role === 'admin' && (
        <button
          class="button button--quiet"
          type="button"
          aria-haspopup="dialog"
          onClick={onOpenQueueSettings}
        >
          <Icon name="tune" size={16} />
          Queue settings
        </button>
      )}
      <AlertsControl
        settings={alerts}
        onNotificationsChange={onNotificationsChange}
        onSoundChange={onSoundChange}
      />
      <StatusSelector routing={routing} onChange={onChangeStatus} />
      <span class="topbar__agent" title={`Signed in as ${agent.username}`}>
        {agent.displayName || agent.username}
      </span>
      <button class="button button--quiet" type="button" onClick={onSignOut}>
        Sign out
      </button>
    </header>
  );
}
