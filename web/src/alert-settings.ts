import { t } from './i18n.ts';
import type { KeyValueStorage } from './key-value-storage.ts';

/**
 * How the agent wants to be alerted, kept per browser (localStorage, not per agent: it is about the
 * desk, the speakers and the browser's permission), and the words the top bar's Alerts control uses.
 * DOM-free: the browser's side is `browser-alerts.ts`.
 */

export interface AlertPreferences {
  /** A short chime (Web Audio). */
  sound: boolean;
  /** Desktop notifications, shown only once the browser allows them. */
  notifications: boolean;
}

/** The browser's answer for this site, or `unsupported` where there is no Notification API. */
export type NotificationPermissionState = 'default' | 'granted' | 'denied' | 'unsupported';

export interface AlertSettings {
  preferences: AlertPreferences;
  permission: NotificationPermissionState;
}

/** Sound at once; notifications only when the agent turns them on (the prompt needs a click). */
export const defaultAlertPreferences: AlertPreferences = { sound: true, notifications: false };

const storageKey = 'wechat-cs:alerts';

export function loadAlertPreferences(storage: KeyValueStorage | undefined): AlertPreferences {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(storageKey) ?? 'null');
    if (!parsed || typeof parsed !== 'object') return defaultAlertPreferences;
    const stored = parsed as Partial<Record<keyof AlertPreferences, unknown>>;
    return {
      sound: typeof stored.sound === 'boolean' ? stored.sound : defaultAlertPreferences.sound,
      notifications:
        typeof stored.notifications === 'boolean'
          ? stored.notifications
          : defaultAlertPreferences.notifications,
    };
  } catch {
    return defaultAlertPreferences;
  }
}

/** Storage failures (private mode, quota) only cost remembering the choice. */
export function saveAlertPreferences(
  storage: KeyValueStorage | undefined,
  preferences: AlertPreferences,
): void {
  try {
    storage?.setItem(storageKey, JSON.stringify(preferences));
  } catch {
    // The choice holds for this tab.
  }
}

/** Whether desktop notifications will really be shown. */
export function notificationsShown(settings: AlertSettings): boolean {
  return settings.preferences.notifications && settings.permission === 'granted';
}

/** Notifications are wanted but the browser will not show them. */
export function notificationsBlocked(settings: AlertSettings): boolean {
  return (
    settings.preferences.notifications &&
    (settings.permission === 'denied' || settings.permission === 'unsupported')
  );
}

export type AlertsState = 'on' | 'sound' | 'silent' | 'blocked' | 'off';

/** The state the top bar shows next to "Alerts". */
export function alertsState(settings: AlertSettings): AlertsState {
  if (notificationsBlocked(settings)) return 'blocked';
  const shown = notificationsShown(settings);
  if (shown) return settings.preferences.sound ? 'on' : 'silent';
  return settings.preferences.sound ? 'sound' : 'off';
}

/** The word the top bar shows next to "Alerts". */
export function alertsStateLabel(state: AlertsState): string {
  return t(`alerts.state.${state}`);
}

/** The sentence under the notifications switch. */
export function notificationsHint(settings: AlertSettings): string {
  const { preferences, permission } = settings;
  if (permission === 'unsupported') return t('alerts.hint.unsupported');
  if (permission === 'denied') {
    return preferences.notifications ? t('alerts.hint.deniedOn') : t('alerts.hint.deniedOff');
  }
  if (preferences.notifications && permission === 'default') return t('alerts.hint.ask');
  return t('alerts.hint.default');
}
