import type { TargetedEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConsoleController } from '../console/console-controller.ts';
import { t } from '../i18n.ts';
import { Icon } from './Icon.tsx';

/** The server's limit (shared/conversations/conversation-note.ts). */
const maxNoteLength = 2000;

interface NoteComposerProps {
  conversationId: string;
  controller: ConsoleController;
}

/**
 * Where an agent writes a note for colleagues: open or closed, theirs or a colleague's, whatever the
 * reply window says, since nothing of it goes to the customer. Enter adds it, Shift+Enter starts a
 * new line, never while an input method is composing.
 */
export function NoteComposer({ conversationId, controller }: NoteComposerProps) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const composing = useRef(false);
  useEffect(() => textarea.current?.focus(), []);

  const trimmed = text.trim();
  const tooLong = trimmed.length > maxNoteLength;
  const canAdd = trimmed.length > 0 && !tooLong && !busy;

  const add = async () => {
    if (!canAdd) return;
    setBusy(true);
    setProblem(undefined);
    const failure = await controller.notes.write(conversationId, trimmed);
    setBusy(false);
    if (failure) setProblem(t('note.failed', { problem: failure }));
    else setText('');
    textarea.current?.focus();
  };

  const submit = (event: TargetedEvent<HTMLFormElement>) => {
    event.preventDefault();
    void add();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.isComposing || composing.current || event.keyCode === 229) return;
    if (event.key !== 'Enter' || event.shiftKey) return;
    event.preventDefault();
    void add();
  };

  const hint = tooLong ? t('note.tooLong', { max: maxNoteLength }) : problem;
  return (
    <section class="composer composer--note" aria-label={t('note.label')}>
      <form class="composer__form" onSubmit={submit}>
        <label class="visually-hidden" for="note-text">
          {t('note.label')}
        </label>
        <textarea
          id="note-text"
          ref={textarea}
          class="composer__text"
          rows={2}
          value={text}
          placeholder={t('note.placeholder')}
          aria-describedby="note-hint"
          aria-invalid={tooLong}
          onInput={(event) => setText(event.currentTarget.value)}
          onKeyDown={onKeyDown}
          onCompositionStart={() => {
            composing.current = true;
          }}
          onCompositionEnd={() => {
            composing.current = false;
          }}
        />
        <div class="composer__toolbar">
          <span
            id="note-hint"
            class={`composer__hint${hint ? ' composer__hint--problem' : ''}`}
            role={problem ? 'alert' : undefined}
            aria-live="polite"
          >
            {hint ?? t('note.hint')}
          </span>
          <span class="composer__spacer" />
          <button type="submit" class="button button--note composer__send" disabled={!canAdd}>
            <Icon name="note" /> {busy ? t('note.adding') : t('note.add')}
          </button>
        </div>
      </form>
    </section>
  );
}
