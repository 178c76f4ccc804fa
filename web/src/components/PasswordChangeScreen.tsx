import { useMemo, useState } from 'preact/hooks';
import { ApiClient, describeError } from '../api.ts';
import type { ConsoleConfig } from '../config.ts';
import { t } from '../i18n.ts';
import type { Session } from '../session.ts';
import { localExpiry } from '../token-lifetime.ts';
import { LanguageSelect } from './LanguageSelect.tsx';
import type { LoginNotice } from './LoginScreen.tsx';
import { describePasswordRefusal } from './PasswordDialog.tsx';
import { PasswordForm } from './PasswordForm.tsx';

interface PasswordChangeScreenProps {
  config: ConsoleConfig;
  /** Signed in with a password someone else set (`agent.mustChangePassword`). */
  session: Session;
  /** The agent's own password is set: a fresh session, with which the console starts. */
  onChanged: (session: Session) => void;
  onSignedOut: (notice: LoginNotice) => void;
}

/**
 * The only screen for an agent signed in with an initial password: the server refuses everything else
 * until they choose their own (403 `password_change_required`), so the console does not start first.
 */
export function PasswordChangeScreen({ config, session, onChanged, onSignedOut }: PasswordChangeScreenProps) {
  const api = useMemo(
    () =>
      new ApiClient({
        baseUrl: config.httpApiUrl,
        token: session.token,
        onUnauthorized: () => onSignedOut({ tone: 'warning', text: t('session.ended') }),
      }),
    [config, session],
  );
  const [signingOut, setSigningOut] = useState(false);
  const [problem, setProblem] = useState<string>();

  const signOut = async () => {
    setSigningOut(true);
    try {
      await api.logout('offline');
      onSignedOut({ tone: 'info', text: t('session.signedOut') });
    } catch (error) {
      setSigningOut(false);
      setProblem(describeError(error));
    }
  };

  return (
    <main class="login">
      <section class="login__card" aria-labelledby="password-change-title">
        <div class="login__brand" aria-hidden="true">
          客
        </div>
        <div class="login__language">
          <LanguageSelect />
        </div>
        <h1 id="password-change-title" class="login__title">
          {t('forcedPassword.title')}
        </h1>
        <p class="login__subtitle">{t('forcedPassword.intro', { username: session.agent.username })}</p>
        {problem && (
          <p class="notice notice--error" role="alert">
            {problem}
          </p>
        )}
        <PasswordForm
          currentLabel={t('forcedPassword.current')}
          hint={t('forcedPassword.hint')}
          submitLabel={t('forcedPassword.submit')}
          pendingLabel={t('password.saving')}
          onSubmit={async (current, next) => {
            const askedAt = Date.now();
            const fresh = await api.changePassword(current, next);
            onChanged({
              token: fresh.token,
              agent: { ...session.agent, mustChangePassword: false },
              expiresAt: localExpiry(fresh.token, fresh.expiresAt, askedAt),
            });
          }}
          describeFailure={describePasswordRefusal}
          actions={
            <button type="button" class="button" disabled={signingOut} onClick={() => void signOut()}>
              {t('topbar.signOut')}
            </button>
          }
        />
      </section>
    </main>
  );
}
