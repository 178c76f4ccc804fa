import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  type AlertPreferences,
  type AlertSettings,
  loadAlertPreferences,
  saveAlertPreferences,
} from '../alert-settings.ts';
import { Alerter } from '../alerts.ts';
import { ApiClient } from '../api.ts';
import {
  browserAlerts,
  notificationPermission,
  requestNotificationPermission,
  watchNotificationPermission,
} from '../browser-alerts.ts';
import { openBrowserSocket, socketUrl } from '../browser-socket.ts';
import type { ConsoleConfig } from '../config.ts';
import { ConsoleController } from '../console/console-controller.ts';
import { totalUnread } from '../console-state.ts';
import { customerKey, customerLabel } from '../customer-names.ts';
import { useNow } from '../hooks/use-now.ts';
import { useStore } from '../hooks/use-store.ts';
import { useWindowEvent } from '../hooks/use-window-event.ts';
import { t } from '../i18n.ts';
import { loadSession, type Session } from '../session.ts';
import { SessionKeeper } from '../session-keeper.ts';
import { Store } from '../store.ts';
import { localExpiry } from '../token-lifetime.ts';
import type { AdminView } from './AdminMenu.tsx';
import { AppsDialog } from './AppsDialog.tsx';
import { AuditDialog } from './AuditDialog.tsx';
import { ConnectionBanner } from './ConnectionBanner.tsx';
import { CustomerPanel } from './CustomerPanel.tsx';
import { FloorDialog } from './FloorDialog.tsx';
import { Icon } from './Icon.tsx';
import type { LoginNotice } from './LoginScreen.tsx';
import { Notices } from './Notices.tsx';
import { PasswordDialog } from './PasswordDialog.tsx';
import { QueueSettingsDialog } from './QueueSettingsDialog.tsx';
import { ReportsDialog } from './ReportsDialog.tsx';
import { Sidebar } from './Sidebar.tsx';
import { SignOutDialog } from './SignOutDialog.tsx';
import { TeamDialog } from './TeamDialog.tsx';
import { ThreadView } from './ThreadView.tsx';
import { TopBar } from './TopBar.tsx';

interface ConsoleScreenProps {
  config: ConsoleConfig;
  /** The session as signed in; renewals happen inside this screen (see session-keeper.ts). */
  session: Session;
  onSignedOut: (notice: LoginNotice) => void;
  /** A renewed token, for the App to keep (a reload of the tab uses it). */
  onSessionRenewed: (session: Session) => void;
  /** A token another tab stored for this agent (its renewal, a new password): this console uses it. */
  adopted?: Session;
  /** The agent is signing out: the stored session goes now, so the other tabs follow at once. */
  onLeaving?: () => void;
}

export function ConsoleScreen({
  config,
  session,
  adopted,
  onSignedOut,
  onSessionRenewed,
  onLeaving,
}: ConsoleScreenProps) {
  // The latest callbacks, so that the controller built once per sign-in never calls stale ones.
  const callbacks = useRef({ onSignedOut, onSessionRenewed, onLeaving });
  callbacks.current = { onSignedOut, onSessionRenewed, onLeaving };
  const [expiringAt, setExpiringAt] = useState<number>();
  /** The administration screen open, if any. */
  const [adminView, setAdminView] = useState<AdminView>();
  const [passwordOpen, setPasswordOpen] = useState(false);
  /** Signing out with open conversations asks first. */
  const [signOutOpen, setSignOutOpen] = useState(false);
  const [passwordChanged, setPasswordChanged] = useState(false);
  /** The customer's profile beside the thread. */
  const [profileOpen, setProfileOpen] = useState(false);
  // The agent's choice (kept per browser, in localStorage) and the browser's permission for this site.
  const [alertSettings] = useState(
    () =>
      new Store<AlertSettings>({
        preferences: loadAlertPreferences(localStorage),
        permission: notificationPermission(),
      }),
  );

  // One controller per sign-in (App remounts this screen for a new one). A renewed token changes
  // nothing here: the API client and the socket's next connection pick it up.
  const controller = useMemo(() => {
    let token = session.token;
    /** Set once the agent signs out: what the ending session answers then changes nothing. */
    let leaving = false;
    const leave = (notice: LoginNotice) => {
      if (leaving) return;
      leaving = true;
      callbacks.current.onSignedOut(notice);
    };
    /** Set while this console ends its own session: the sockets closing and 401s are its doing. */
    let signingOut = false;
    /** The session has ended on the server: signed out elsewhere, a new password, disabled. */
    const ended = () => {
      if (signingOut) return;
      // Another tab may have stored a fresh session of this agent (its new password) meanwhile.
      const stored = loadSession(localStorage, Date.now());
      if (stored && stored.agent.agentId === session.agent.agentId && stored.token !== token) {
        adoptSession(stored);
        return;
      }
      // A tab of this browser signing out removes the stored session before ending it on the server;
      // the storage event that says so may still be on its way when the server's answer comes.
      if (!loadSession(localStorage, 0)) {
        leave({ tone: 'info', text: t('session.signedOutElsewhere') });
        return;
      }
      leave({ tone: 'warning', text: t('session.ended') });
    };
    const api = new ApiClient({ baseUrl: config.httpApiUrl, token, onUnauthorized: ended });
    const keeper = new SessionKeeper({
      session,
      refresh: () => api.refresh(),
      onRenewed: (renewed) => {
        token = renewed.token;
        api.setToken(renewed.token);
        callbacks.current.onSessionRenewed(renewed);
      },
      onExpiring: setExpiringAt,
      onExpired: () => leave({ tone: 'warning', text: t('session.expired') }),
    });
    /** Another session of this agent from now on: the API, the renewals and the next socket use it. */
    const adoptSession = (next: Session) => {
      token = next.token;
      api.setToken(next.token);
      keeper.adopt(next);
    };
    // A click on a notification opens its conversation in this console.
    const alerts = browserAlerts({ open: (conversationId) => consoleController.list.select(conversationId) });
    const consoleController = new ConsoleController({
      session,
      api,
      socketUrl: () => socketUrl(config.webSocketUrl, token),
      openSocket: openBrowserSocket,
      isVisible: () => document.visibilityState === 'visible',
      isOnline: () => navigator.onLine,
      alerts: new Alerter({ now: Date.now, settings: () => alertSettings.state, output: alerts }),
      onSessionEnded: ended,
    });
    const signOut = async (choice: 'keep' | 'handBack') => {
      const outcome = await consoleController.signOut(choice, () => {
        signingOut = true;
        // The other tabs hear it from the storage before the server closes their sockets.
        callbacks.current.onLeaving?.();
      });
      if (!outcome) leave({ tone: 'info', text: t('session.signedOut') });
      return outcome;
    };
    const changePassword = async (currentPassword: string, newPassword: string) => {
      const askedAt = Date.now();
      const fresh = await api.changePassword(currentPassword, newPassword);
      const renewed: Session = {
        token: fresh.token,
        agent: keeper.current.agent,
        expiresAt: localExpiry(fresh.token, fresh.expiresAt, askedAt),
      };
      adoptSession(renewed);
      callbacks.current.onSessionRenewed(renewed);
    };
    return { api, keeper, alerts, console: consoleController, signOut, changePassword, adoptSession };
  }, [config, session, alertSettings]);
  const state = useStore(controller.console.store);

  useEffect(() => {
    if (adopted && adopted.token !== controller.keeper.current.token) controller.adoptSession(adopted);
  }, [adopted, controller]);
  const alerts = useStore(alertSettings);

  useEffect(() => {
    controller.console.start();
    controller.keeper.start();
    return () => {
      controller.keeper.stop();
      controller.console.stop();
      controller.api.close();
      // Nothing about customers stays on the desktop after signing out.
      controller.alerts.close();
    };
  }, [controller]);

  const refreshPermission = useCallback(() => {
    const permission = notificationPermission();
    alertSettings.update((current) =>
      current.permission === permission ? current : { ...current, permission },
    );
  }, [alertSettings]);
  useEffect(() => watchNotificationPermission(refreshPermission), [refreshPermission]);

  const changePreferences = (change: Partial<AlertPreferences>) => {
    const preferences = { ...alertSettings.state.preferences, ...change };
    alertSettings.update((current) => ({ ...current, preferences }));
    saveAlertPreferences(localStorage, preferences);
  };
  const changeNotifications = (on: boolean) => {
    changePreferences({ notifications: on });
    // Asked in the click itself: browsers only show their question for a user gesture.
    if (on) void requestNotificationPermission().then(refreshPermission);
  };
  const changeSound = (on: boolean) => {
    changePreferences({ sound: on });
    if (on) controller.alerts.unlockSound();
  };
  // Browsers let sound start only after the agent interacted with the page: the first click or key unlocks it.
  const unlockSound = () => {
    if (alertSettings.state.preferences.sound) controller.alerts.unlockSound();
  };
  useWindowEvent('document', 'pointerdown', unlockSound);
  useWindowEvent('document', 'keydown', unlockSound);

  useWindowEvent('window', 'online', () => controller.console.networkOnline());
  useWindowEvent('window', 'offline', () => controller.console.networkOffline());
  useWindowEvent('document', 'visibilitychange', () => {
    if (document.visibilityState !== 'visible') return;
    // The agent may have changed the site's permission meanwhile.
    refreshPermission();
    // Timers do not run while a laptop sleeps: the session's deadlines are checked on waking too.
    controller.keeper.wake();
    controller.console.becameVisible();
  });

  const unread = totalUnread(state);
  useEffect(() => {
    const title = t('app.title');
    document.title = unread > 0 ? `(${unread}) ${title}` : title;
  });
  useEffect(
    () => () => {
      document.title = t('app.title');
    },
    [],
  );

  const dismissNotice = useCallback((id: number) => controller.console.notices.dismiss(id), [controller]);
  const selected = state.conversations.find((item) => item.conversationId === state.selectedId);
  const now = useNow(30_000);

  return (
    <div class="console">
      <TopBar
        agent={state.agent}
        status={state.status}
        routing={state.routing}
        onChangeStatus={(status) => controller.console.routing.changeStatus(status)}
        expiresAt={expiringAt}
        onSignOut={() => {
          if (controller.console.openConversations() > 0) setSignOutOpen(true);
          else void controller.signOut('handBack');
        }}
        onChangePassword={() => setPasswordOpen(true)}
        may={state.may}
        onOpenAdmin={setAdminView}
        alerts={alerts}
        onNotificationsChange={changeNotifications}
        onSoundChange={changeSound}
        unread={unread}
      />
      <ConnectionBanner status={state.status} />
      <div
        class={`console__body${state.selectedId ? ' console__body--thread' : ''}${selected && profileOpen ? ' console__body--profile' : ''}`}
      >
        <Sidebar state={state} controller={controller.console} />
        <ThreadView
          conversation={selected}
          selectedId={state.selectedId}
          thread={state.selectedId ? state.threads[state.selectedId] : undefined}
          outbox={state.selectedId ? state.outbox[state.selectedId] : undefined}
          agentId={state.agent.agentId}
          names={state.names}
          departure={state.selectedId ? state.departures[state.selectedId] : undefined}
          controller={controller.console}
          customer={selected ? customerLabel(state.customerNames, selected) : ''}
          profileOpen={profileOpen}
          onToggleProfile={() => setProfileOpen(!profileOpen)}
        />
        {selected && profileOpen && (
          <>
            {/* On a phone the profile is a sheet over the thread: a tap beside it closes it. */}
            <button
              type="button"
              class="customer-panel__backdrop"
              aria-label={t('profile.close')}
              tabIndex={-1}
              onClick={() => setProfileOpen(false)}
            />
            <CustomerPanel
              conversation={selected}
              label={customerLabel(state.customerNames, selected)}
              profile={state.profiles[customerKey(selected)]}
              controller={controller.console}
              now={now}
              onClose={() => setProfileOpen(false)}
            />
          </>
        )}
      </div>
      <Notices notices={state.notices} onDismiss={dismissNotice} />
      {signOutOpen && (
        <SignOutDialog
          open={controller.console.openConversations()}
          onSignOut={controller.signOut}
          onCancel={() => setSignOutOpen(false)}
        />
      )}
      {passwordOpen && (
        <PasswordDialog
          change={controller.changePassword}
          onDone={(changed) => {
            setPasswordOpen(false);
            if (changed) setPasswordChanged(true);
          }}
        />
      )}
      {passwordChanged && (
        <div class="notices notices--standalone" role="status">
          <div class="notices__item">
            <p>{t('password.changed')}</p>
            <button
              type="button"
              class="button button--quiet button--icon"
              aria-label={t('common.dismiss')}
              onClick={() => setPasswordChanged(false)}
            >
              <Icon name="close" size={16} />
            </button>
          </div>
        </div>
      )}
      {adminView === 'floor' && state.may?.watchFloor && (
        <FloorDialog state={state} controller={controller.console} onClose={() => setAdminView(undefined)} />
      )}
      {adminView === 'reports' && state.may?.readReports && (
        <ReportsDialog api={controller.api} onClose={() => setAdminView(undefined)} />
      )}
      {adminView === 'team' && state.may?.administer && (
        <TeamDialog
          api={controller.api}
          self={state.agent.agentId}
          onChanged={() => void controller.console.queues.refresh()}
          onClose={() => setAdminView(undefined)}
        />
      )}
      {adminView === 'queues' && state.may?.administer && (
        <QueueSettingsDialog
          api={controller.api}
          onSaved={() => void controller.console.queues.refresh()}
          onClose={() => setAdminView(undefined)}
        />
      )}
      {adminView === 'apps' && state.may?.manageApps && (
        <AppsDialog api={controller.api} onClose={() => setAdminView(undefined)} />
      )}
      {adminView === 'audit' && state.may?.readAudit && (
        <AuditDialog api={controller.api} onClose={() => setAdminView(undefined)} />
      )}
    </div>
  );
}
