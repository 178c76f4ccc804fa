import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiClient } from '../api.ts';
import { openBrowserSocket, socketUrl } from '../browser-socket.ts';
import type { ConsoleConfig } from '../config.ts';
import { ConsoleController } from '../console-controller.ts';
import { totalUnread } from '../console-state.ts';
import { useStore } from '../hooks/use-store.ts';
import { useWindowEvent } from '../hooks/use-window-event.ts';
import type { Session } from '../session.ts';
import { ConnectionBanner } from './ConnectionBanner.tsx';
import { ConversationList } from './ConversationList.tsx';
import type { LoginNotice } from './LoginScreen.tsx';
import { ThreadView } from './ThreadView.tsx';
import { TopBar } from './TopBar.tsx';

/** Sign out this long before the token expires, so no request fails half-way with a 401. */
const signOutMarginMs = 30_000;
/** Warn this long before, so the agent can finish the message they are reading. */
const warnMarginMs = 5 * 60_000;
const baseTitle = 'Customer service console';

interface ConsoleScreenProps {
  config: ConsoleConfig;
  session: Session;
  onSignedOut: (notice: LoginNotice) => void;
}

export function ConsoleScreen({ config, session, onSignedOut }: ConsoleScreenProps) {
  // One controller per session (App remounts this screen, keyed by token, for a new one); a new
  // onSignedOut identity on an App re-render must not tear the socket down.
  const controller = useMemo(() => {
    const api = new ApiClient({
      baseUrl: config.httpApiUrl,
      token: session.token,
      onUnauthorized: () =>
        onSignedOut({ tone: 'warning', text: 'Your session is no longer valid. Sign in again to continue.' }),
    });
    return {
      api,
      console: new ConsoleController({
        session,
        api,
        socketUrl: socketUrl(config.webSocketUrl, session.token),
        openSocket: openBrowserSocket,
        storage: localStorage,
        isVisible: () => document.visibilityState === 'visible',
        isOnline: () => navigator.onLine,
      }),
    };
  }, [config, session]);
  const state = useStore(controller.console.store);
  const [expiringSoon, setExpiringSoon] = useState(false);

  useEffect(() => {
    controller.console.start();
    return () => {
      controller.console.stop();
      controller.api.close();
    };
  }, [controller]);

  // The token cannot be renewed (the API has no refresh), so the session ends with it.
  useEffect(() => {
    const untilWarning = session.expiresAt - warnMarginMs - Date.now();
    const untilSignOut = session.expiresAt - signOutMarginMs - Date.now();
    const expire = () =>
      onSignedOut({ tone: 'warning', text: 'Your session expired. Sign in again to continue.' });
    if (untilSignOut <= 0) {
      expire();
      return;
    }
    const warning = setTimeout(() => setExpiringSoon(true), Math.max(0, untilWarning));
    const signOut = setTimeout(expire, untilSignOut);
    return () => {
      clearTimeout(warning);
      clearTimeout(signOut);
    };
  }, [session, onSignedOut]);

  useWindowEvent('window', 'online', () => controller.console.networkOnline());
  useWindowEvent('window', 'offline', () => controller.console.networkOffline());
  useWindowEvent('document', 'visibilitychange', () => {
    if (document.visibilityState !== 'visible') return;
    // Timers do not run while a laptop sleeps: check the deadline on waking too.
    if (Date.now() >= session.expiresAt - signOutMarginMs) {
      onSignedOut({ tone: 'warning', text: 'Your session expired. Sign in again to continue.' });
      return;
    }
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

  const selected = state.conversations.find((item) => item.conversationId === state.selectedId);

  return (
    <div class="console">
      <TopBar
        agent={state.agent}
        status={state.status}
        expiresAt={expiringSoon ? session.expiresAt : undefined}
        onSignOut={() => onSignedOut({ tone: 'info', text: 'You signed out.' })}
      />
      <ConnectionBanner status={state.status} />
      <div class="console__body">
        <ConversationList
          state={state}
          onSelect={(conversationId) => controller.console.select(conversationId)}
          onRetry={() => controller.console.retryList()}
        />
        <ThreadView
          conversation={selected}
          selectedId={state.selectedId}
          thread={state.selectedId ? state.threads[state.selectedId] : undefined}
          agentId={state.agent.agentId}
          onRetry={(conversationId) => controller.console.retryThread(conversationId)}
        />
      </div>
    </div>
  );
}
