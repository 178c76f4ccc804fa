import { newWindowRow, type WindowRow, weekdays } from '../queue-settings-form.ts';
import { Icon } from './Icon.tsx';
import type { SectionProps } from './QueueSettingsForm.tsx';
import { Switch } from './Switch.tsx';
import { TimeOfDayInput } from './TimeOfDayInput.tsx';

/** Every zone this browser knows, offered while typing; any IANA zone the server knows is accepted. */
const timeZones: readonly string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Singapore', 'Asia/Tokyo', 'UTC'];
  }
})();

/** When the queue is staffed: always, or weekly windows in the queue's time zone. */
export function BusinessHoursFields({ form, change, fieldId, invalid, focus }: SectionProps) {
  const setWindow = (key: string, patch: Partial<WindowRow>) =>
    change({
      windows: form.windows.map((window) => (window.key === key ? { ...window, ...patch } : window)),
    });
  const add = () => {
    const window = newWindowRow();
    change({ windows: [...form.windows, window] });
    focus(`window-${window.key}-days`);
  };
  const listId = fieldId('time-zones');

  return (
    <>
      <Switch
        id={fieldId('alwaysOpen')}
        label="Always open"
        checked={form.alwaysOpen}
        describedBy={fieldId('alwaysOpen-hint')}
        onChange={(alwaysOpen) =>
          change(
            !alwaysOpen && form.windows.length === 0
              ? { alwaysOpen, windows: [newWindowRow()] }
              : { alwaysOpen },
          )
        }
      />
      <p class="queue-form__hint" id={fieldId('alwaysOpen-hint')}>
        {form.alwaysOpen
          ? 'Customers are queued at any hour. Turn this off to set opening hours.'
          : 'Outside these hours customers get the off-hours message instead of a place in line.'}
      </p>
      {!form.alwaysOpen && (
        <>
          <label class="field queue-form__zone">
            <span class="field__label">Time zone</span>
            <input
              id={fieldId('timeZone')}
              list={listId}
              value={form.timeZone}
              autoComplete="off"
              spellcheck={false}
              aria-invalid={invalid('timeZone')}
              onInput={(event) => change({ timeZone: event.currentTarget.value })}
            />
            <datalist id={listId}>
              {timeZones.map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
          </label>
          {form.windows.length > 0 && (
            <ul class="form-rows">
              {form.windows.map((window, index) => {
                const label = `Window ${index + 1}`;
                const legendId = fieldId(`window-${window.key}-legend`);
                const daysField = `window-${window.key}-days`;
                const openField = `window-${window.key}-open`;
                const closeField = `window-${window.key}-close`;
                return (
                  <li key={window.key}>
                    <fieldset class="hours-window" aria-labelledby={legendId}>
                      <span class="visually-hidden" id={legendId}>
                        {label}
                      </span>
                      <fieldset class={`day-picker${invalid(daysField) ? ' day-picker--invalid' : ''}`}>
                        <legend class="visually-hidden">{label} days</legend>
                        {weekdays.map(({ day, short, long }) => (
                          <label key={day} class="day-picker__day" title={long}>
                            <input
                              id={day === 1 ? fieldId(daysField) : undefined}
                              type="checkbox"
                              class="day-picker__input"
                              checked={window.days.includes(day)}
                              onChange={(event) =>
                                setWindow(window.key, {
                                  days: event.currentTarget.checked
                                    ? [...window.days, day].sort((a, b) => a - b)
                                    : window.days.filter((item) => item !== day),
                                })
                              }
                            />
                            {short}
                          </label>
                        ))}
                      </fieldset>
                      <TimeOfDayInput
                        caption="Opens"
                        id={fieldId(openField)}
                        label={`${label} opens`}
                        value={window.open}
                        placeholder="09:00"
                        invalid={invalid(openField)}
                        onInput={(open) => setWindow(window.key, { open })}
                      />
                      <TimeOfDayInput
                        caption="Closes"
                        id={fieldId(closeField)}
                        label={`${label} closes`}
                        value={window.close}
                        placeholder="18:00"
                        invalid={invalid(closeField)}
                        onInput={(close) => setWindow(window.key, { close })}
                      />
                      <button
                        type="button"
                        class="button button--quiet button--icon"
                        aria-label={`Remove ${label}`}
                        title="Remove window"
                        onClick={() => {
                          change({ windows: form.windows.filter((item) => item.key !== window.key) });
                          focus('windows');
                        }}
                      >
                        <Icon name="close" size={16} />
                      </button>
                    </fieldset>
                  </li>
                );
              })}
            </ul>
          )}
          <p class="queue-form__hint">
            Times are HH:MM. A window may close at 24:00, or after midnight (22:00 to 02:00).
          </p>
          <div>
            <button type="button" id={fieldId('windows')} class="button button--small" onClick={add}>
              Add window
            </button>
          </div>
        </>
      )}
    </>
  );
}
