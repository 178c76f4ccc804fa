import { useId } from 'preact/hooks';
import {
  type AlertSettings,
  alertsState,
  alertsStateLabel,
  notificationsBlocked,
  notificationsHint,
} from '../alert-settings.ts';
import { chimeIntervalMs } from '../alerts.ts';
import { useDisclosure } from '../hooks/use-disclosure.ts';
import { t } from '../i18n.ts';
import { Icon } from './Icon.tsx';
import { Switch } from './Switch.tsx';

interface AlertsControlProps {
  settings: AlertSettings;
  /** Turning notifications on asks the browser's permission, so it must run in the click. */
  onNotificationsChange: (on: boolean) => void;
  onSoundChange: (on: boolean) => void;
}

/**
 * "Alerts" in the top bar: says at a glance whether the console will call the agent (On, Sound only,
 * Blocked, Off) and opens two switches, desktop notifications and the chime. A disclosure rather than
 * a dialog: Escape or a click elsewhere closes it, and focus stays where the agent put it.
 */
export function AlertsControl({ settings, onNotificationsChange, onSoundChange }: AlertsControlProps) {
  const { open, setOpen, root, trigger } = useDisclosure<HTMLDivElement>();
  const id = useId();
  const state = alertsState(settings);
  const blocked = notificationsBlocked(settings);

  return (
    <div class="alerts" ref={root}>
      <button
        ref={trigger}
        type="button"
        class={`button button--quiet alerts__trigger${open ? ' button--pressed' : ''}`}
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        title={blocked ? t('alerts.blockedTitle') : undefined}
        onClick={() => setOpen(!open)}
      >
        <Icon name={state === 'off' ? 'bellOff' : 'bell'} size={16} />
        <span class="alerts__title">{t('alerts.title')}</span>
        <span class={`alerts__state alerts__state--${state}`}>{alertsStateLabel(state)}</span>
      </button>
      {open && (
        <fieldset class="alerts__panel" id={`${id}-panel`}>
          <legend class="visually-hidden">{t('alerts.title')}</legend>
          <div class="alerts__option">
            <Switch
              label={t('alerts.notifications')}
              checked={settings.preferences.notifications}
              describedBy={`${id}-notifications`}
              onChange={onNotificationsChange}
            />
            <p
              class={`alerts__hint${blocked ? ' alerts__hint--blocked' : ''}`}
              id={`${id}-notifications`}
              role="status"
            >
              {blocked && <Icon name="alert" size={14} />}
              {notificationsHint(settings)}
            </p>
          </div>
          <div class="alerts__option">
            <Switch
              label={t('alerts.sound')}
              checked={settings.preferences.sound}
              describedBy={`${id}-sound`}
              onChange={onSoundChange}
            />
            <p class="alerts__hint" id={`${id}-sound`}>
              {t('alerts.soundHint', { seconds: chimeIntervalMs / 1000 })}
            </p>
          </div>
        </fieldset>
      )}
    </div>
  );
}
