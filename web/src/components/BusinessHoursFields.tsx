import { t } from '../i18n.ts';
import { dayLong, dayShort, newWindowRow, type WindowRow, weekdays } from '../queue-settings-form.ts';
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
        label={t('qs.alwaysOpen')}
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
        {form.alwaysOpen ? t('qs.alwaysOpenHint') : t('qs.hoursHint')}
      </p>
      {!form.alwaysOpen && (
        <>
          <label class="field queue-form__zone">
            <span class="field__label">{t('qs.timeZone')}</span>
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
                const label = t('qs.window', { number: index + 1 });
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
                        <legend class="visually-hidden">{t('qs.windowDays', { label })}</legend>
                        {weekdays.map((day) => (
                          <label key={day} class="day-picker__day" title={dayLong(day)}>
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
                            {dayShort(day)}
                          </label>
                        ))}
                      </fieldset>
                      <TimeOfDayInput
                        caption={t('qs.opens')}
                        id={fieldId(openField)}
                        label={t('qs.windowOpens', { label })}
                        value={window.open}
                        placeholder="09:00"
                        invalid={invalid(openField)}
                        onInput={(open) => setWindow(window.key, { open })}
                      />
                      <TimeOfDayInput
                        caption={t('qs.closes')}
                        id={fieldId(closeField)}
                        label={t('qs.windowCloses', { label })}
                        value={window.close}
                        placeholder="18:00"
                        invalid={invalid(closeField)}
                        onInput={(close) => setWindow(window.key, { close })}
                      />
                      <button
                        type="button"
                        class="button button--quiet button--icon"
                        aria-label={t('qs.remove', { label })}
                        title={t('qs.removeWindow')}
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
          <p class="queue-form__hint">{t('qs.timesHint')}</p>
          <div>
            <button type="button" id={fieldId('windows')} class="button button--small" onClick={add}>
              {t('qs.addWindow')}
            </button>
          </div>
        </>
      )}
    </>
  );
}
