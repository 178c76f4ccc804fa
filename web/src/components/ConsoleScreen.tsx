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
import { useStore } from '../hooks/use-store.ts';
import { useWindowEvent } from '../hooks/use-window-event.ts';
import type { Session } from '../session.ts';
import { SessionKeeper } from '../session-keeper.ts';
import { Store } from '../store.ts';
import { ConnectionBanner } from './ConnectionBanner.tsx';
import type { LoginNotice } from './LoginScreen.tsx';
import { Notices } from './Notices.tsx';
import { QueueSettingsDialog } from './QueueSettingsDialog.tsx';
import { Sidebar } from './Sidebar.tsx';
import { ThreadView } from './ThreadView.tsx';
import { TopBar } from './TopBar.tsx';

const baseTitle = 'Customer service console';

interface ConsoleScreenProps {
  config: ConsoleConfig;
  /** The session as signed in; renewals happen inside this screen (see session-keeper.ts). */
  session: Session;
  onSignedOut: (notice: LoginNotice) => void;
  /** A renewed token, for the App to keep (a reload of the tab uses it). */
  onSessionRenewed: (session: Session) => void;
}

export function ConsoleScreen({ config, session, onSignedOut, onSessionRenewed }: ConsoleScreenProps) {
  // The latest callbacks, so that the controller built once per sign-in never calls stale ones.
  const callbacks = useRef({ onSignedOut, onSessionRenewed });
  callbacks.current = { onSignedOut, onSessionRenewed };
  const [expiringAt, setExpiringAt] = useState<number>();
  const [queueSettingsOpen, setQueueSettingsOpen] = useState(false);
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
    const api = new ApiClient({
      baseUrl: config.httpApiUrl,
      token,
      onUnauthorized: () =>
        callbacks.current.onSignedOut({
          tone: 'warning',
          text: 'Your session is no longer valid. Sign in again to continue.',
        }),
    });
    const keeper = new SessionKeeper({
      session,
      refresh: () => api.refresh(),
      onRenewed: (renewed) => {
        token = renewed.token;
        api.setToken(renewed.token);
        callbacks.current.onSessionRenewed(renewed);
      },
      onExpiring: setExpiringAt,
      onExpired: () =>
        callbacks.current.onSignedOut({
          tone: 'warning',
          text: 'Your session expired. Sign in again to continue.',
        }),
    });
    // A click on a notification opens its conversation in this console.
    const alerts = browserAlerts({ open: (conversationId) => consoleController.list.select(conversationId) });
    const consoleController = new ConsoleController({
      session,
      api,
      socketUrl: () => socketUrl(config.webSocketUrl, token),
      openSocket: openBrowserSocket,
      storage: localStorage,
      isVisible: () => document.visibilityState === 'visible',
      isOnline: () => navigator.onLine,
      alerts: new Alerter({ now: Date.now, settings: () => alertSettings.state, output: alerts }),
    });
    return { api, keeper, alerts, console: consoleController };
  }, [config, session, alertSettings]);
  const state = useStore(controller.console.store);
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
    document.title = unread > 0 ? `(${unread}) ${baseTitle}` : baseTitle;
  }, [unread]);
  useEffect(
    () => () => {
      document.title = baseTitle;
    },
    [],
  );

  const dismissNotice = useCallback((id: number) => controller.console.notices.dismiss(id), [controller]);
  const selected = state.conversations.find((item) => item.conversationId === state.selectedId);

  return (
    <div class="console">
      <TopBar
        agent={state.agent}
        status={state.status}
        routing={state.routing}
        onChangeStatus={(status) => controller.console.routing.changeStatus(status)}
        expiresAt={expiringAt}
        onSignOut={() => onSignedOut({ tone: 'info', text: 'You signed out.' })}
        onOpenQueueSettings={() => setQueueSettingsOpen(true)}
        alerts={alerts}
        onNotificationsChange={changeNotifications}
        onSoundChange={changeSound}
      />
      <ConnectionBanner status={state.status} />
      <div class="console__body">
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
        />
      </div>
      <Notices notices={state.notices} onDismiss={dismissNotice} />
      {queueSettingsOpen && state.agent.role === 'admin' && (
        <QueueSettingsDialog
          api={controller.api}
          onSaved={() => void controller.console.queues.refresh()}
          onClose={() => setQueueSettingsOpen(false)}
        />
      )}
    </div>
  );
}
