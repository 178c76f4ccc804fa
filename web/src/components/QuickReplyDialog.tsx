import { useEffect, useId, useState } from 'preact/hooks';
import type { QuickReplyListing } from '../../../shared/domain/quick-reply.ts';
import type { QuickReplyCreationBody } from '../api.ts';
import type { QueueChoice, QuickReplies } from '../console/quick-replies.ts';
import { useStore } from '../hooks/use-store.ts';
import { t } from '../i18n.ts';
import { linesFromOptions, optionsFromLines } from '../menu-lines.ts';
import { menuProblem } from '../menu-problem.ts';
import { checkText } from '../text-limit.ts';
import { Modal } from './Modal.tsx';
import { scopeLabel } from './QuickReplyPalette.tsx';

interface QuickReplyDialogProps {
  quickReplies: QuickReplies;
  /** A queue's name as the console knows it (the queues the agent works in). */
  queueName: (appId: string, queueId: string) => string;
  onClose: () => void;
}

/**
 * Keeping quick replies: every agent their own; admins and owners also the workspace's and each
 * queue's. One form adds a reply or edits the one chosen; the list below shows what the agent may
 * use, with Edit and Delete where they may change it. Deleting asks once more, in place.
 */
export function QuickReplyDialog({ quickReplies, queueName, onClose }: QuickReplyDialogProps) {
  const state = useStore(quickReplies.store);
  const [editing, setEditing] = useState<QuickReplyListing>();
  const [queues, setQueues] = useState<readonly QueueChoice[]>([]);
  const [confirming, setConfirming] = useState<string>();
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    void quickReplies.refresh();
  }, [quickReplies]);
  useEffect(() => {
    if (!state.mayManageShared) return;
    // Where a shared reply may go; without the list only the workspace's set is offered.
    quickReplies.queueChoices().then(setQueues, () => setQueues([]));
  }, [quickReplies, state.mayManageShared]);

  const nameOf = (appId: string, queueId: string) =>
    queues.find((queue) => queue.appId === appId && queue.queueId === queueId)?.name ??
    queueName(appId, queueId);

  const remove = async (reply: QuickReplyListing) => {
    setProblem(await quickReplies.remove(reply.quickReplyId));
    setConfirming(undefined);
    if (editing?.quickReplyId === reply.quickReplyId) setEditing(undefined);
  };

  return (
    <Modal title={t('quickReplies.title')} onClose={onClose}>
      <div class="quick-replies">
        <p class="quick-replies__intro">{t('quickReplies.intro')}</p>
        <QuickReplyForm
          key={editing?.quickReplyId ?? 'new'}
          editing={editing}
          mayManageShared={state.mayManageShared}
          queues={queues}
          onSave={async (body) => {
            const refusal = editing
              ? await quickReplies.edit(editing.quickReplyId, {
                  title: body.title,
                  text: body.text,
                  ...(body.menu ? { menu: body.menu } : {}),
                })
              : await quickReplies.add(body);
            if (!refusal) setEditing(undefined);
            return refusal;
          }}
          onCancel={() => setEditing(undefined)}
        />
        {problem && (
          <p class="quick-replies__problem" role="alert">
            {problem}
          </p>
        )}
        {state.replies.length === 0 ? (
          <p class="modal__placeholder">
            {state.loaded ? t('quickReplies.empty') : (state.error ?? t('quickReplies.loading'))}
          </p>
        ) : (
          <ul class="quick-replies__list" aria-label={t('quickReplies.title')}>
            {state.replies.map((reply) => (
              <li key={reply.quickReplyId} class="quick-replies__item">
                <div class="quick-replies__head">
                  <span class="quick-replies__name">{reply.title ?? t('quickReplies.untitled')}</span>
                  <span class="chip">{scopeLabel(reply.scope, nameOf)}</span>
                </div>
                <p class="quick-replies__text">{reply.text}</p>
                {reply.menu && (
                  <ol class="content-menu__options" aria-label={t('quickReplies.field.options')}>
                    {reply.menu.options.map((option) => (
                      <li key={option.id} title={option.id}>
                        {option.text}
                      </li>
                    ))}
                  </ol>
                )}
                {reply.editable && (
                  <div class="quick-replies__actions">
                    {confirming === reply.quickReplyId ? (
                      <>
                        <button
                          type="button"
                          class="button button--small button--danger"
                          onClick={() => remove(reply)}
                        >
                          {t('quickReplies.confirmDelete')}
                        </button>
                        <button
                          type="button"
                          class="button button--small"
                          onClick={() => setConfirming(undefined)}
                        >
                          {t('common.cancel')}
                        </button>
                      </>
                    ) : (
                      <>
                        <button
                          type="button"
                          class="button button--small"
                          aria-label={t('quickReplies.editNamed', { name: reply.title ?? reply.text })}
                          onClick={() => setEditing(reply)}
                        >
                          {t('quickReplies.edit')}
                        </button>
                        <button
                          type="button"
                          class="button button--small button--danger-quiet"
                          aria-label={t('quickReplies.deleteNamed', { name: reply.title ?? reply.text })}
                          onClick={() => setConfirming(reply.quickReplyId)}
                        >
                          {t('quickReplies.delete')}
                        </button>
                      </>
                    )}
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </Modal>
  );
}

interface QuickReplyFormProps {
  editing?: QuickReplyListing;
  mayManageShared: boolean;
  queues: readonly QueueChoice[];
  /** Undefined when saved, else why not, in words. */
  onSave: (body: QuickReplyCreationBody) => Promise<string | undefined>;
  onCancel: () => void;
}

/** The set a new reply goes to, as the select names it. */
function setOf(value: string): QuickReplyCreationBody['scope'] {
  if (value === 'personal' || value === 'workspace') return { kind: value };
  const [appId = '', queueId = ''] = value.split(' ');
  return { kind: 'queue', appId, queueId };
}

function QuickReplyForm({ editing, mayManageShared, queues, onSave, onCancel }: QuickReplyFormProps) {
  const [set, setSet] = useState('personal');
  const [title, setTitle] = useState(editing?.title ?? '');
  const [text, setText] = useState(editing?.text ?? '');
  const [isMenu, setIsMenu] = useState(editing?.menu !== undefined);
  const [optionLines, setOptionLines] = useState(editing?.menu ? linesFromOptions(editing.menu.options) : '');
  const [tail, setTail] = useState(editing?.menu?.tail ?? '');
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const id = useId();
  const checked = checkText(text);
  const menu = isMenu ? { options: optionsFromLines(optionLines), tail: tail.trim() } : undefined;

  const submit = async (event: Event) => {
    event.preventDefault();
    if (checked.empty) {
      setRefusal(t('quickReplies.emptyText'));
      return;
    }
    if (checked.problem) return;
    const unsendable = menu && menuProblem({ type: 'menu', head: checked.text, ...menu });
    if (unsendable) {
      setRefusal(unsendable);
      return;
    }
    setSaving(true);
    const trimmedTitle = title.trim();
    const problem = await onSave({
      scope: setOf(set),
      ...(trimmedTitle ? { title: trimmedTitle } : {}),
      text: checked.text,
      ...(menu ? { menu } : {}),
    });
    setSaving(false);
    setRefusal(problem);
    if (!problem) {
      setTitle('');
      setText('');
      setOptionLines('');
      setTail('');
    }
  };

  return (
    <form class="quick-replies__form" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h3 class="quick-replies__heading" id={`${id}-heading`}>
        {editing ? t('quickReplies.editHeading') : t('quickReplies.newHeading')}
      </h3>
      {!editing && mayManageShared && (
        <label class="field">
          <span class="field__label">{t('quickReplies.field.set')}</span>
          <select value={set} onChange={(event) => setSet(event.currentTarget.value)}>
            <option value="personal">{t('quickReplies.scope.personal')}</option>
            <option value="workspace">{t('quickReplies.scope.workspace')}</option>
            {queues.map((queue) => (
              <option key={`${queue.appId} ${queue.queueId}`} value={`${queue.appId} ${queue.queueId}`}>
                {t('quickReplies.scope.queue', { name: queue.name })}
              </option>
            ))}
          </select>
        </label>
      )}
      <label class="field">
        <span class="field__label">
          {t('quickReplies.field.title')} <span class="field__optional">{t('common.optional')}</span>
        </span>
        <input
          value={title}
          maxLength={40}
          aria-describedby={`${id}-title-hint`}
          onInput={(event) => setTitle(event.currentTarget.value)}
        />
        <span class="field__hint" id={`${id}-title-hint`}>
          {t('quickReplies.field.titleHint')}
        </span>
      </label>
      <label class="member-option">
        <input
          type="checkbox"
          checked={isMenu}
          onChange={(event) => setIsMenu(event.currentTarget.checked)}
        />
        <span>{t('quickReplies.field.isMenu')}</span>
      </label>
      <label class="field">
        <span class="field__label">
          {isMenu ? t('quickReplies.field.question') : t('quickReplies.field.text')}
        </span>
        <textarea
          class="quick-replies__textarea"
          value={text}
          rows={4}
          aria-invalid={checked.tooLong}
          aria-describedby={`${id}-text-hint`}
          onInput={(event) => setText(event.currentTarget.value)}
        />
        <span class="field__hint" id={`${id}-text-hint`}>
          {checked.problem ?? checked.counter ?? t('quickReplies.field.textHint')}
        </span>
      </label>
      {isMenu && (
        <>
          <label class="field">
            <span class="field__label">{t('quickReplies.field.options')}</span>
            <textarea
              class="quick-replies__textarea"
              value={optionLines}
              rows={4}
              aria-describedby={`${id}-options-hint`}
              onInput={(event) => setOptionLines(event.currentTarget.value)}
            />
            <span class="field__hint" id={`${id}-options-hint`}>
              {t('quickReplies.field.optionsHint')}
            </span>
          </label>
          <label class="field">
            <span class="field__label">{t('quickReplies.field.tail')}</span>
            <input value={tail} onInput={(event) => setTail(event.currentTarget.value)} />
          </label>
        </>
      )}
      {refusal && (
        <p class="quick-replies__problem" role="alert">
          {refusal}
        </p>
      )}
      <div class="modal__actions">
        {editing && (
          <button type="button" class="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
        <button type="submit" class="button button--primary" disabled={saving || checked.tooLong}>
          {saving ? t('quickReplies.saving') : editing ? t('quickReplies.save') : t('quickReplies.add')}
        </button>
      </div>
    </form>
  );
}
