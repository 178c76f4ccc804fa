import type { Agent } from '../../../shared/domain/agent.ts';
import type { AgentLoad, AgentStatus } from '../../../shared/domain/routing.ts';
import type { AlertSettings } from '../alert-settings.ts';
import type { Abilities } from '../api.ts';
import { clockTime } from '../format-time.ts';
import { useDisclosure } from '../hooks/use-disclosure.ts';
import { t } from '../i18n.ts';
import type { ConnectionStatus } from '../socket.ts';
import { AdminMenu, type AdminView } from './AdminMenu.tsx';
import { AlertsControl } from './AlertsControl.tsx';
import { ConnectionIndicator } from './ConnectionIndicator.tsx';
import { Icon } from './Icon.tsx';
import { LanguageSelect } from './LanguageSelect.tsx';
import { StatusSelector } from './StatusSelector.tsx';

interface TopBarProps {
  agent: Agent;
  status: ConnectionStatus;
  routing?: AgentLoad;
  onChangeStatus: (status: AgentStatus) => Promise<string | undefined>;
  /** Set when the session could not be renewed and is about to end, to warn the agent. */
  expiresAt?: number;
  onSignOut: () => void;
  onChangePassword: () => void;
  /** What the agent may administer (from `/api/me`): the administration menu offers that much. */
  may: Abilities | undefined;
  onOpenAdmin: (view: AdminView) => void;
  alerts: AlertSettings;
  onNotificationsChange: (on: boolean) => void;
  onSoundChange: (on: boolean) => void;
  /** Unread customer messages over all the agent's conversations. */
  unread: number;
}

/**
 * The brand, the connection, and the agent's own controls: administration (for those who may), alerts,
 * status and load, and the agent's account (language, password, sign-out) behind their name. On a narrow
 * screen (a phone) the controls fold into a menu behind one button, so nothing is pushed off screen;
 * the same elements are shown either way.
 */
export function TopBar({
  agent,
  status,
  routing,
  onChangeStatus,
  expiresAt,
  onSignOut,
  onChangePassword,
  may,
  onOpenAdmin,
  alerts,
  onNotificationsChange,
  onSoundChange,
  unread,
}: TopBarProps) {
  const { open: menuOpen, setOpen: setMenuOpen, root, trigger: toggle } = useDisclosure<HTMLElement>();

  /**
   * A menu item that opens something else closes the menu first; focus waits on the menu's button,
   * the one thing of the narrow menu still on screen, for the dialog to give it back to.
   */
  const then = (action: () => void) => () => {
    if (menuOpen) toggle.current?.focus();
    setMenuOpen(false);
    action();
  };

  return (
    <header class={`topbar${menuOpen ? ' topbar--menu-open' : ''}`} ref={root}>
      <div class="topbar__brand">
        <span class="topbar__logo" aria-hidden="true">
          客
        </span>
        <span class="topbar__name">{t('topbar.brand')}</span>
      </div>
      <ConnectionIndicator status={status} />
      {unread > 0 && (
        <span class="topbar__unread" data-testid="unread-total" title={t('unread.totalTitle')}>
          {t('unread.total', { count: unread })}
        </span>
      )}
      <div class="topbar__spacer" />
      {expiresAt !== undefined && (
        <p class="topbar__expiry" role="status">
          {t('topbar.expiry', { time: clockTime(expiresAt) })}
        </p>
      )}
      {routing && (
        <span class="topbar__load-compact" aria-hidden="true" title={t('status.loadTitle')}>
          <span class={`status-dot status-dot--${routing.status}`} />
          {routing.activeCount}/{routing.capacity}
        </span>
      )}
      <button
        ref={toggle}
        type="button"
        class="button button--quiet button--icon topbar__menu-toggle"
        aria-expanded={menuOpen}
        aria-controls="topbar-tools"
        aria-label={t('topbar.menu')}
        title={t('topbar.menu')}
        onClick={() => setMenuOpen(!menuOpen)}
      >
        <Icon name={menuOpen ? 'close' : 'menu'} />
      </button>
      <div class="topbar__tools" id="topbar-tools">
        <AdminMenu may={may} onOpen={(view) => then(() => onOpenAdmin(view))()} />
        <AlertsControl
          settings={alerts}
          onNotificationsChange={onNotificationsChange}
          onSoundChange={onSoundChange}
        />
        <StatusSelector routing={routing} onChange={onChangeStatus} />
        <AccountMenu agent={agent} onChangePassword={then(onChangePassword)} onSignOut={then(onSignOut)} />
      </div>
    </header>
  );
}

interface AccountMenuProps {
  agent: Agent;
  onChangePassword: () => void;
  onSignOut: () => void;
}

/**
 * The agent's name, opening what concerns them alone: the language, their password, signing out. A
 * disclosure like Alerts: Escape or a click elsewhere closes it. In the narrow menu it lies open.
 */
function AccountMenu({ agent, onChangePassword, onSignOut }: AccountMenuProps) {
  const { open, setOpen, root, trigger } = useDisclosure<HTMLDivElement>();
  const name = agent.displayName || agent.username;

  const close = (action: () => void) => () => {
    setOpen(false);
    action();
  };

  return (
    <div class={`account${open ? ' account--open' : ''}`} ref={root}>
      <button
        ref={trigger}
        type="button"
        class={`button button--quiet account__trigger${open ? ' button--pressed' : ''}`}
        aria-expanded={open}
        aria-controls="account-panel"
        title={t('topbar.signedInAs', { username: agent.username })}
        onClick={() => setOpen(!open)}
      >
        <span class="topbar__agent">{name}</span>
        <span class="account__caret" aria-hidden="true">
          ▾
        </span>
      </button>
      <div class="account__panel" id="account-panel">
        <p class="account__who">{t('topbar.signedInAs', { username: agent.username })}</p>
        <LanguageSelect />
        <button
          class="button button--quiet account__item"
          type="button"
          aria-haspopup="dialog"
          onClick={close(onChangePassword)}
        >
          {t('topbar.changePassword')}
        </button>
        <button
          class="button button--quiet account__item"
          type="button"
          data-testid="sign-out"
          onClick={close(onSignOut)}
        >
          {t('topbar.signOut')}
        </button>
      </div>
    </div>
  );
}
