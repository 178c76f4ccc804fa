import { useEffect, useState } from 'preact/hooks';
import { type ConsoleConfig, loadConfig } from '../config.ts';
import { clearSession, loadSession, type Session, saveSession } from '../session.ts';
import { ConsoleScreen } from './ConsoleScreen.tsx';
import { type LoginNotice, LoginScreen } from './LoginScreen.tsx';

/**
 * Which screen shows: the console for a signed-in agent, the login form otherwise. Signing out,
 * whatever the reason, clears the stored session and comes back here with a notice saying why.
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

  useEffect(() => {
    loadConfig().then(
      (config) => {
        const session = loadSession(sessionStorage, Date.now());
        setScreen(
          session ? { kind: 'console', config, session, signIn: ++signIns } : { kind: 'login', config },
        );
      },
      (error: unknown) =>
        setScreen({ kind: 'broken', message: error instanceof Error ? error.message : String(error) }),
    );
  }, []);

  switch (screen.kind) {
    case 'starting':
      return (
        <div class="splash" role="status">
          Loading…
        </div>
      );
    case 'broken':
      return (
        <div class="splash splash--error" role="alert">
          <h1>The console cannot start</h1>
          <p>
            Its configuration could not be read ({screen.message}). Reload the page; if this persists, tell
            your administrator.
          </p>
        </div>
      );
    case 'login':
      return (
        <LoginScreen
          config={screen.config}
          notice={screen.notice}
          onSignedIn={(session) => {
            saveSession(sessionStorage, session);
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
          onSessionRenewed={(session) => saveSession(sessionStorage, session)}
          onSignedOut={(notice) => {
            clearSession(sessionStorage);
            setScreen({ kind: 'login', config: screen.config, notice });
          }}
        />
      );
  }
}
