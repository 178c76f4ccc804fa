import type { NotificationPermissionState } from './alert-settings.ts';
import type { AlertKind, AlertOutput, DesktopNotification } from './alerts.ts';

/**
 * The browser's side of alerts, kept small so that alerts.ts decides everything without a DOM: a
 * chime made with the Web Audio API (no audio file to download or to be blocked by the CSP) and
 * desktop notifications with the Notification API.
 */

export function notificationPermission(): NotificationPermissionState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Shows the browser's question if it has not been answered; must run in a click handler. */
export async function requestNotificationPermission(): Promise<NotificationPermissionState> {
  if (typeof Notification === 'undefined') return 'unsupported';
  if (Notification.permission !== 'default') return Notification.permission;
  try {
    return await Notification.requestPermission();
  } catch {
    return notificationPermission();
  }
}

/** Calls back when the agent changes the permission in the browser's site settings; returns a stop. */
export function watchNotificationPermission(
  onChange: (permission: NotificationPermissionState) => void,
): () => void {
  let stopped = false;
  let status: PermissionStatus | undefined;
  const changed = () => onChange(notificationPermission());
  navigator.permissions
    ?.query({ name: 'notifications' })
    .then((answer) => {
      if (stopped) return;
      status = answer;
      status.addEventListener('change', changed);
    })
    .catch(() => {});
  return () => {
    stopped = true;
    status?.removeEventListener('change', changed);
  };
}

/** Two soft sine notes for a new conversation, one for a message: [frequency in Hz, start in s]. */
const chimes: Record<AlertKind, readonly (readonly [number, number])[]> = {
  conversation: [
    [659.25, 0],
    [987.77, 0.13],
  ],
  message: [[880, 0]],
  summary: [[880, 0]],
};
const peakGain = 0.08;
const noteSeconds = 0.45;
/** A context the browser only lets run later would play a stale chime then: give up after this. */
const resumeDeadlineMs = 1000;

export interface BrowserAlertsOptions {
  /** Opens a conversation, when its notification is clicked. */
  open: (conversationId: string) => void;
}

export interface BrowserAlerts extends AlertOutput {
  /** Creates or resumes the audio context; call from a click or key press, which browsers require. */
  unlockSound(): void;
  close(): void;
}

export function browserAlerts({ open }: BrowserAlertsOptions): BrowserAlerts {
  let audio: AudioContext | undefined;
  const shown = new Map<string, Notification>();

  const context = (): AudioContext | undefined => {
    if (audio) return audio;
    if (typeof AudioContext === 'undefined') return undefined;
    try {
      audio = new AudioContext();
    } catch {
      return undefined;
    }
    return audio;
  };

  const play = (sound: AudioContext, kind: AlertKind) => {
    const start = sound.currentTime + 0.01;
    for (const [frequency, offset] of chimes[kind]) {
      const oscillator = sound.createOscillator();
      const gain = sound.createGain();
      const at = start + offset;
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      // A quick swell and a long fade: a soft bell rather than a beep.
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(peakGain, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + noteSeconds);
      oscillator.connect(gain).connect(sound.destination);
      oscillator.start(at);
      oscillator.stop(at + noteSeconds + 0.05);
    }
  };

  return {
    chime(kind) {
      const sound = context();
      if (!sound) return;
      if (sound.state === 'running') {
        play(sound, kind);
        return;
      }
      const askedAt = Date.now();
      sound
        .resume()
        .then(() => {
          if (sound.state === 'running' && Date.now() - askedAt < resumeDeadlineMs) play(sound, kind);
        })
        .catch(() => {});
    },

    notify({ title, body, tag, conversationId }: DesktopNotification) {
      if (notificationPermission() !== 'granted') return;
      let notification: Notification;
      try {
        // The chime is ours; the system's own sound would double it.
        notification = new Notification(title, { body, tag, silent: true });
      } catch {
        // Some browsers (Android's Chrome) only show notifications from a service worker.
        return;
      }
      shown.set(tag, notification);
      notification.onclick = () => {
        window.focus();
        if (conversationId !== undefined) open(conversationId);
        notification.close();
      };
      notification.onclose = () => {
        if (shown.get(tag) === notification) shown.delete(tag);
      };
    },

    dismiss(tag) {
      shown.get(tag)?.close();
      shown.delete(tag);
    },

    unlockSound() {
      const sound = context();
      if (sound?.state === 'suspended') void sound.resume().catch(() => {});
    },

    close() {
      for (const notification of shown.values()) notification.close();
      shown.clear();
      void audio?.close().catch(() => {});
      audio = undefined;
    },
  };
}
