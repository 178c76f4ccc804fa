import type { TargetedSubmitEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiClient, ApiError, describeError } from '../api.ts';
import type { ConsoleConfig } from '../config.ts';
import { t } from '../i18n.ts';
import type { Session } from '../session.ts';
import { localExpiry } from '../token-lifetime.ts';
import { LanguageSelect } from './LanguageSelect.tsx';

/** Why the agent is looking at the login form again, shown above it. */
export interface LoginNotice {
  tone: 'info' | 'warning';
  text: string;
}

interface LoginScreenProps {
  config: ConsoleConfig;
  notice?: LoginNotice;
  onSignedIn: (session: Session) => void;
}

export function LoginScreen({ config, notice, onSignedIn }: LoginScreenProps) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const usernameInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);

  useEffect(() => usernameInput.current?.focus(), []);

  async function submit(event: TargetedSubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    if (!username.trim() || !password) {
      setError(t('login.missing'));
      (username.trim() ? passwordInput : usernameInput).current?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    const api = new ApiClient({ baseUrl: config.httpApiUrl });
    try {
      const receivedAt = Date.now();
      const result = await api.login(username.trim(), password);
      onSignedIn({
        token: result.token,
        // The answer's own flag decides whether the console starts, or a new password comes first.
        agent: { ...result.agent, mustChangePassword: result.mustChangePassword },
        expiresAt: localExpiry(result.token, result.expiresAt, receivedAt),
      });
    } catch (failure) {
      setBusy(false);
      setError(loginErrorText(failure));
      if (failure instanceof ApiError && failure.status === 401) {
        setPassword('');
        passwordInput.current?.focus();
      }
    }
  }

  return (
    <main class="login">
      <form class="login__card" onSubmit={submit} noValidate aria-labelledby="login-title">
        <div class="login__brand" aria-hidden="true">
          客
        </div>
        <div class="login__language">
          <LanguageSelect />
        </div>
        <h1 id="login-title" class="login__title">
          {t('login.title')}
        </h1>
        <p class="login__subtitle">{t('login.subtitle')}</p>
        {notice && (
          <p class={`notice notice--${notice.tone}`} role="status">
            {notice.text}
          </p>
        )}
        {error && (
          <p class="notice notice--error" role="alert" id="login-error">
            {error}
          </p>
        )}
        <label class="field">
          <span class="field__label">{t('login.username')}</span>
          <input
            ref={usernameInput}
            name="username"
            autocomplete="username"
            autocapitalize="none"
            spellcheck={false}
            value={username}
            onInput={(event) => setUsername(event.currentTarget.value)}
            aria-invalid={error !== undefined}
            aria-describedby={error ? 'login-error' : undefined}
            readOnly={busy}
          />
        </label>
        <label class="field">
          <span class="field__label">{t('login.password')}</span>
          <input
            ref={passwordInput}
            name="password"
            type="password"
            autocomplete="current-password"
            value={password}
            onInput={(event) => setPassword(event.currentTarget.value)}
            aria-invalid={error !== undefined}
            aria-describedby={error ? 'login-error' : undefined}
            readOnly={busy}
          />
        </label>
        <button class="button button--primary login__submit" type="submit" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
    </main>
  );
}

function loginErrorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return t('login.wrong');
    if (error.status === 400) return t('login.invalid');
    if (error.status === 429) {
      const seconds = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      if (typeof seconds === 'number') return t('login.throttled', { seconds });
    }
  }
  return describeError(error);
}
