import { useState } from 'preact/hooks';
import { ApiClient, ApiError, describeError } from '../api.ts';
import type { ConsoleConfig } from '../config.ts';
import { t } from '../i18n.ts';
import type { Session } from '../session.ts';
import { localExpiry } from '../token-lifetime.ts';
import { LanguageSelect } from './LanguageSelect.tsx';
import { PasswordForm } from './PasswordForm.tsx';

interface InvitationScreenProps {
  config: ConsoleConfig;
  /** From the link's `#invitation=` fragment. */
  token: string;
  onSignedIn: (session: Session) => void;
  /** Leaves the page for the sign-in form (a used link: the agent may have a password already). */
  onSignIn: () => void;
}

/**
 * Someone opened their invitation link: they choose a password, and are signed in with it. The
 * server gives one answer for an unknown, used, replaced or expired link (404), said as one sentence.
 */
export function InvitationScreen({ config, token, onSignedIn, onSignIn }: InvitationScreenProps) {
  const [invalid, setInvalid] = useState(false);

  const accept = async (_current: string, password: string) => {
    const api = new ApiClient({ baseUrl: config.httpApiUrl });
    const receivedAt = Date.now();
    try {
      const result = await api.acceptInvitation(token, password);
      onSignedIn({
        token: result.token,
        agent: result.agent,
        expiresAt: localExpiry(result.token, result.expiresAt, receivedAt),
      });
    } catch (error) {
      // 404: gone; 400 here is a token of the wrong shape (the password was checked before sending).
      // The form gives way to the sentence that says so, rather than showing a refusal of its own.
      if (error instanceof ApiError && (error.status === 404 || error.status === 400)) setInvalid(true);
      else throw error;
    }
  };

  return (
    <main class="login">
      <section class="login__card" aria-labelledby="invitation-title">
        <div class="login__brand" aria-hidden="true">
          客
        </div>
        <div class="login__language">
          <LanguageSelect />
        </div>
        <h1 id="invitation-title" class="login__title">
          {t('invitation.title')}
        </h1>
        {invalid ? (
          <>
            <p class="notice notice--error" role="alert">
              {t('invitation.invalid')}
            </p>
            <button type="button" class="button button--primary login__submit" onClick={onSignIn}>
              {t('invitation.toSignIn')}
            </button>
          </>
        ) : (
          <>
            <p class="login__subtitle">{t('invitation.intro')}</p>
            <PasswordForm
              hint={t('invitation.hint')}
              submitLabel={t('invitation.submit')}
              pendingLabel={t('invitation.submitting')}
              onSubmit={accept}
              describeFailure={describeError}
            />
          </>
        )}
      </section>
    </main>
  );
}
