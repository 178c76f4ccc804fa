import { useEffect, useRef, useState } from 'preact/hooks';
import { type ConsoleConfig, loadConfig } from '../config.ts';
import { useLocale } from '../hooks/use-locale.ts';
import { useWindowEvent } from '../hooks/use-window-event.ts';
import { t } from '../i18n.ts';
import { invitationToken } from '../invitation-link.ts';
import { clearSession, loadSession, type Session, saveSession } from '../session.ts';
import { interpretSessionChange } from '../session-sync.ts';
import { ConsoleScreen } from './ConsoleScreen.tsx';
import { InvitationScreen } from './InvitationScreen.tsx';
import { type LoginNotice, LoginScreen } from './LoginScreen.tsx';
import { PasswordChangeScreen } from './PasswordChangeScreen.tsx';

/**
 * Which screen shows: the console for a signed-in agent, the login form otherwise; before the console,
 * the password change for an agent signed in with an initial password; and, for an invitation link
 * (`#invitation=…`), the page that chooses a password. The session lives in localStorage, shared by
 * the browser's tabs: another tab's sign-in is taken over, its sign-out signs this tab out too.
 * Signing out, whatever the reason, clears the stored session and comes back here with a notice
 * saying why.
 */

type Screen =
  | { kind: 'starting' }
  | { kind: 'broken'; message: string }
  | { kind: 'login'; config: ConsoleConfig; notice?: LoginNotice }
  | { kind: 'invitation'; config: ConsoleConfig; token: string }
  /** Signed in with a password someone else set: nothing else works until it is changed. */
  | { kind: 'password'; config: ConsoleConfig; session: Session }
  /** `signIn` tells sign-ins apart: a renewed token keeps the same console, a new sign-in gets a new one. */
  | { kind: 'console'; config: ConsoleConfig; session: Session; signIn: number };

let signIns = 0;

/** The screen a session opens on. */
function signedIn(config: ConsoleConfig, session: Session): Screen {
  return session.agent.mustChangePassword
    ? { kind: 'password', config, session }
    : { kind: 'console', config, session, signIn: ++signIns };
}

/** The address without its invitation fragment: the token is not kept in the history once used. */
function forgetInvitation(): void {
  history.replaceState(null, '', `${location.pathname}${location.search}`);
}

export function App() {
  const [screen, setScreen] = useState<Screen>({ kind: 'starting' });
  // Switching the language re-renders everything from here down.
  useLocale();
  /** The session this tab uses now, renewals included, to tell another tab's change from its own. */
  const current = useRef<Session | undefined>(undefined);

  useEffect(() => {
    loadConfig().then(
      (config) => {
        const token = invitationToken(location.hash);
        if (token) {
          setScreen({ kind: 'invitation', config, token });
          return;
        }
        const session = loadSession(localStorage, Date.now());
        current.current = session;
        setScreen(session ? signedIn(config, session) : { kind: 'login', config });
      },
      (error: unknown) =>
        setScreen({ kind: 'broken', message: error instanceof Error ? error.message : String(error) }),
    );
  }, []);

  useEffect(() => {
    document.title = t('app.title');
  });

  /** A token this console took over from another tab (a renewal, a new password). */
  const [adopted, setAdopted] = useState<Session>();

  // An invitation link opened in a tab that shows the console already changes only the fragment.
  useWindowEvent('window', 'hashchange', () => {
    const token = invitationToken(location.hash);
    if (token && 'config' in screen) setScreen({ kind: 'invitation', config: screen.config, token });
  });

  useWindowEvent('window', 'storage', (raw) => {
    const event = raw as StorageEvent;
    const followsStorage = screen.kind === 'console' || screen.kind === 'login' || screen.kind === 'password';
    if (event.storageArea !== localStorage || !followsStorage) return;
    const change = interpretSessionChange(event.key, event.newValue, current.current, Date.now());
    if (change.kind === 'ignore') return;
    if (change.kind === 'signed-out') {
      current.current = undefined;
      setScreen({
        kind: 'login',
        config: screen.config,
        notice: { tone: 'info', text: t('session.signedOutElsewhere') },
      });
      return;
    }
    const { session } = change;
    const sameAgent = screen.kind === 'console' && screen.session.agent.agentId === session.agent.agentId;
    current.current = session;
    if (sameAgent) setAdopted(session);
    else setScreen(signedIn(screen.config, session));
  });

  /**
   * Only this tab's own session is cleared: one another tab stored meanwhile (a new password) is not
   * this tab's to end.
   */
  const clearOwnSession = () => {
    const stored = loadSession(localStorage, 0);
    if (stored && stored.token === current.current?.token) clearSession(localStorage);
  };

  switch (screen.kind) {
    case 'starting':
      return (
        <div class="splash" role="status">
          {t('app.loading')}
        </div>
      );
    case 'broken':
      return (
        <div class="splash splash--error" role="alert">
          <h1>{t('app.brokenTitle')}</h1>
          <p>{t('app.brokenText', { problem: screen.message })}</p>
        </div>
      );
    case 'login':
      return (
        <LoginScreen
          config={screen.config}
          notice={screen.notice}
          onSignedIn={(session) => {
            current.current = session;
            saveSession(localStorage, session);
            setScreen(signedIn(screen.config, session));
          }}
        />
      );
    case 'invitation':
      return (
        <InvitationScreen
          config={screen.config}
          token={screen.token}
          onSignedIn={(session) => {
            forgetInvitation();
            current.current = session;
            saveSession(localStorage, session);
            setScreen(signedIn(screen.config, session));
          }}
          onSignIn={() => {
            forgetInvitation();
            setScreen({ kind: 'login', config: screen.config });
          }}
        />
      );
    case 'password':
      return (
        <PasswordChangeScreen
          config={screen.config}
          session={screen.session}
          onChanged={(session) => {
            current.current = session;
            saveSession(localStorage, session);
            setScreen(signedIn(screen.config, session));
          }}
          onSignedOut={(notice) => {
            clearOwnSession();
            current.current = undefined;
            setScreen({ kind: 'login', config: screen.config, notice });
          }}
        />
      );
    case 'console':
      return (
        <ConsoleScreen
          key={screen.signIn}
          config={screen.config}
          session={screen.session}
          adopted={adopted}
          onSessionRenewed={(session) => {
            current.current = session;
            saveSession(localStorage, session);
          }}
          onLeaving={clearOwnSession}
          onSignedOut={(notice) => {
            clearOwnSession();
            current.current = undefined;
            setAdopted(undefined);
            setScreen({ kind: 'login', config: screen.config, notice });
          }}
        />
      );
  }
}
