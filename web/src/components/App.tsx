import { useEffect, useRef, useState } from 'preact/hooks';
import { type ConsoleConfig, loadConfig } from '../config.ts';
import { useLocale } from '../hooks/use-locale.ts';
import { useWindowEvent } from '../hooks/use-window-event.ts';
import { t } from '../i18n.ts';
import { clearSession, loadSession, type Session, saveSession } from '../session.ts';
import { interpretSessionChange } from '../session-sync.ts';
import { ConsoleScreen } from './ConsoleScreen.tsx';
import { type LoginNotice, LoginScreen } from './LoginScreen.tsx';

/**
 * Which screen shows: the console for a signed-in agent, the login form otherwise. The session lives
 * in localStorage, shared by the browser's tabs: another tab's sign-in is taken over, its sign-out
 * signs this tab out too. Signing out, whatever the reason, clears the stored session and comes back
 * here with a notice saying why.
 */

type Screen =
  | { kind: 'starting' }
  | { kind: 'broken'; message: string }
  | { kind: 'login'; config: ConsoleConfig; notice?: LoginNotice }
  /** `signIn` tells sign-ins apart: a renewed token keeps the same console, a new sign-in gets a new one. */
  | { kind: 'console'; config: ConsoleConfig; session: Session; signIn: number };

let signIns = 0;

export function App() {
  const [screen, setScreen] = useState<Screen>({ kind: 'starting' });
  // Switching the language re-renders everything from here down.
  useLocale();
  /** The session this tab uses now, renewals included, to tell another tab's change from its own. */
  const current = useRef<Session | undefined>(undefined);

  useEffect(() => {
    loadConfig().then(
      (config) => {
        const session = loadSession(localStorage, Date.now());
        current.current = session;
        setScreen(
          session ? { kind: 'console', config, session, signIn: ++signIns } : { kind: 'login', config },
        );
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

  useWindowEvent('window', 'storage', (raw) => {
    const event = raw as StorageEvent;
    if (event.storageArea !== localStorage || (screen.kind !== 'console' && screen.kind !== 'login')) return;
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
    else setScreen({ kind: 'console', config: screen.config, session, signIn: ++signIns });
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
            setScreen({ kind: 'console', config: screen.config, session, signIn: ++signIns });
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
