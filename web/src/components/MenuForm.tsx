import type { TargetedEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { menuLimits } from '../../../shared/domain/menu-limits.ts';
import { t } from '../i18n.ts';
import { type MenuDraft, menuProblem } from '../menu-problem.ts';
import { CardFormActions, onEscape } from './CardFormActions.tsx';

export type { MenuDraft } from '../menu-problem.ts';

interface MenuFormProps {
  /** A saved menu to start from (a quick reply), else an empty question with two options. */
  initial?: MenuDraft;
  /** Set when nothing can be sent now (the reply window), shown instead of the first problem. */
  blockedReason?: string;
  onSend: (content: MenuDraft) => void;
  onCancel: () => void;
}

/** The option ids a new option may take: the first free number, so ids stay short and unique. */
function freeId(options: readonly { id: string }[]): string {
  const taken = new Set(options.map((option) => option.id));
  let number = options.length + 1;
  while (taken.has(String(number))) number += 1;
  return String(number);
}

/**
 * A menu message (Official Accounts only): a question, 1 to 10 options the customer taps, and an
 * optional closing line. Each option's id comes back with the customer's click, so keyword rules can
 * name it; it starts as the option's number and may be changed.
 */
export function MenuForm({ initial, blockedReason, onSend, onCancel }: MenuFormProps) {
  const [head, setHead] = useState(initial?.head ?? '');
  const [options, setOptions] = useState(
    initial?.options ?? [
      { id: '1', text: '' },
      { id: '2', text: '' },
    ],
  );
  const [tail, setTail] = useState(initial?.tail ?? '');
  const first = useRef<HTMLTextAreaElement>(null);
  useEffect(() => first.current?.focus(), []);

  const menu: MenuDraft = {
    type: 'menu',
    head: head.trim(),
    options: options.map((option) => ({ id: option.id.trim(), text: option.text.trim() })),
    tail: tail.trim(),
  };
  const problem = blockedReason ?? menuProblem(menu);

  const change = (index: number, field: 'id' | 'text', value: string) =>
    setOptions(options.map((option, at) => (at === index ? { ...option, [field]: value } : option)));

  const submit = (event: TargetedEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!problem) onSend(menu);
  };

  return (
    <form
      class="card-form menu-form"
      aria-labelledby="menu-form-title"
      onSubmit={submit}
      onKeyDown={onEscape(onCancel)}
      noValidate
    >
      <h3 id="menu-form-title" class="card-form__title">
        {t('menu.title')} <span class="card-form__note">{t('menu.note')}</span>
      </h3>
      <label class="field">
        <span class="field__label">{t('menu.head')}</span>
        <textarea
          ref={first}
          rows={2}
          value={head}
          placeholder={t('menu.headPlaceholder')}
          onInput={(event) => setHead(event.currentTarget.value)}
        />
      </label>
      <fieldset class="menu-form__options">
        <legend class="field__label">{t('menu.options')}</legend>
        {options.map((option, index) => {
          const number = index + 1;
          return (
            <div class="menu-form__option" key={index}>
              <input
                aria-label={t('menu.optionText', { number })}
                placeholder={t('menu.optionText', { number })}
                value={option.text}
                onInput={(event) => change(index, 'text', event.currentTarget.value)}
              />
              <input
                class="menu-form__id mono"
                aria-label={t('menu.optionId', { number })}
                value={option.id}
                spellcheck={false}
                autocapitalize="none"
                onInput={(event) => change(index, 'id', event.currentTarget.value)}
              />
              <button
                type="button"
                class="button button--quiet"
                disabled={options.length === 1}
                aria-label={t('menu.removeOption', { number })}
                title={t('menu.removeOption', { number })}
                onClick={() => setOptions(options.filter((_, at) => at !== index))}
              >
                ×
              </button>
            </div>
          );
        })}
        <button
          type="button"
          class="button button--quiet"
          disabled={options.length >= menuLimits.options}
          onClick={() => setOptions([...options, { id: freeId(options), text: '' }])}
        >
          {t('menu.addOption')}
        </button>
      </fieldset>
      <label class="field">
        <span class="field__label">{t('menu.tail')}</span>
        <input value={tail} onInput={(event) => setTail(event.currentTarget.value)} />
      </label>
      <CardFormActions
        problem={problem}
        problemId="menu-form-problem"
        sendLabel={t('menu.send')}
        onCancel={onCancel}
      />
    </form>
  );
}
