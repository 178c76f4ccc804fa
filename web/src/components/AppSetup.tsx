import type { ManagedApp } from '../api.ts';
import { type MessageKey, t } from '../i18n.ts';
import { CopyField } from './CopyField.tsx';

interface AppSetupProps {
  app: ManagedApp;
  /** Values the owner has just typed: shown this once, to paste into WeChat. */
  entered: { token?: string; encodingAesKey?: string };
  onDone: () => void;
}

/** A step in words, or the encryption step, whose words depend on whether the app has a key. */
type Step = MessageKey | 'encryption';

/** Where WeChat's console takes the callback settings, step by step, for each kind of app. */
const steps: Readonly<Record<ManagedApp['type'], readonly Step[]>> = {
  miniprogram: [
    'apps.steps.miniprogram.open',
    'apps.steps.url',
    'apps.steps.token',
    'encryption',
    'apps.steps.miniprogram.format',
    'apps.steps.miniprogram.submit',
  ],
  'official-account': [
    'apps.steps.officialAccount.open',
    'apps.steps.url',
    'apps.steps.token',
    'encryption',
    'apps.steps.officialAccount.submit',
  ],
};

/**
 * What to enter in WeChat's developer settings so that its pushes reach this app: the exact callback
 * URL, the Token and the EncodingAESKey (only right after they were typed: the server never gives
 * them back), and numbered steps for the kind of app.
 */
export function AppSetup({ app, entered, onDone }: AppSetupProps) {
  const format = t(`apps.format.${app.format}`);
  const sentence = (step: Step) =>
    step === 'encryption'
      ? t(app.encrypted ? 'apps.steps.keySecure' : 'apps.steps.keyPlain')
      : t(step, { format });
  return (
    <section class="admin-form" aria-labelledby="app-setup-title">
      <h3 class="admin-form__title" id="app-setup-title">
        {t('apps.setupTitle', { name: app.name })}
      </h3>
      <CopyField label={t('apps.callbackUrl')} value={app.callbackUrl} />
      {entered.token ? (
        <CopyField label={t('apps.token')} value={entered.token} hint={t('apps.shownOnce')} />
      ) : (
        <p class="admin-form__kept">
          <span class="field__label">{t('apps.token')}</span> {t('apps.keptSecret')}
        </p>
      )}
      {entered.encodingAesKey ? (
        <CopyField
          label={t('apps.encodingAesKey')}
          value={entered.encodingAesKey}
          hint={t('apps.shownOnce')}
        />
      ) : (
        <p class="admin-form__kept">
          <span class="field__label">{t('apps.encodingAesKey')}</span>{' '}
          {app.encrypted ? t('apps.keptSecret') : t('apps.plaintextMode')}
        </p>
      )}
      <h4 class="queue-form__heading">{t('apps.stepsTitle')}</h4>
      <ol class="setup-steps">
        {steps[app.type].map((step) => (
          <li key={step}>{sentence(step)}</li>
        ))}
      </ol>
      <div class="modal__actions">
        <button type="button" class="button button--primary" onClick={onDone}>
          {t('team.done')}
        </button>
      </div>
    </section>
  );
}
