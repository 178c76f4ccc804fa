import { useEffect, useState } from 'preact/hooks';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import type { CustomerProfile } from '../../../shared/domain/customer-profile.ts';
import type { CustomerProfileChange } from '../api.ts';
import type { ConsoleController } from '../console/console-controller.ts';
import type { ProfileState } from '../console-state.ts';
import { agoText, fullTime } from '../format-time.ts';
import { useFollowedField } from '../hooks/use-followed-field.ts';
import { t } from '../i18n.ts';
import { profileLimits } from '../profile-limits.ts';
import { CustomerAvatar } from './CustomerAvatar.tsx';
import { CustomerHistory } from './CustomerHistory.tsx';
import { Field } from './Field.tsx';
import { Icon } from './Icon.tsx';

interface CustomerPanelProps {
  conversation: Conversation;
  /** The customer's name as the console shows it (the remark name, else the openid shortened). */
  label: string;
  profile: ProfileState | undefined;
  controller: ConsoleController;
  now: number;
  onClose: () => void;
}

type Saved = { tone: 'info' | 'error'; text: string };

/**
 * What agents know about the customer beside the thread: the remark name that names them in the
 * console, tags from the workspace's vocabulary, a note only agents see (never sent to WeChat) and
 * where the customer last said they were, and their earlier conversations. Each part saves on its own.
 */
export function CustomerPanel({
  conversation,
  label,
  profile,
  controller,
  now,
  onClose,
}: CustomerPanelProps) {
  const { conversationId } = conversation;
  const stored = profile?.profile;

  useEffect(() => {
    void controller.profiles.load(conversation);
    // The conversation's customer is what the panel is about; a new snapshot of it changes nothing.
  }, [controller, conversationId]);

  return (
    <aside
      class="customer-panel"
      id="customer-panel"
      aria-labelledby="customer-panel-title"
      data-testid="customer-panel"
    >
      <header class="customer-panel__header">
        <h2 class="customer-panel__title" id="customer-panel-title">
          {t('profile.title')}
        </h2>
        <button
          type="button"
          class="button button--quiet button--icon"
          aria-label={t('profile.close')}
          title={t('profile.close')}
          onClick={onClose}
        >
          <Icon name="close" size={18} />
        </button>
      </header>
      <div class="customer-panel__body">
        <section class="customer-panel__identity">
          <CustomerAvatar openId={conversation.openId} size="large" />
          <div class="customer-panel__who">
            <p class="customer-panel__name">{label}</p>
            <p class="customer-panel__id mono" title={conversation.openId}>
              {conversation.openId}
            </p>
            <p class="customer-panel__id">
              {t('thread.app')} <span class="mono">{conversation.appId}</span>
            </p>
          </div>
        </section>

        {profile?.error && (
          <div class="customer-panel__error" role="alert">
            <p>{t('profile.loadFailed', { problem: profile.error })}</p>
            <button
              type="button"
              class="button button--small"
              onClick={() => void controller.profiles.load(conversation)}
            >
              {t('thread.retry')}
            </button>
          </div>
        )}
        {!stored && profile?.loading && <p class="customer-panel__loading">{t('profile.loading')}</p>}

        {stored && (
          <ProfileForms
            key={conversationId}
            conversation={conversation}
            stored={stored}
            suggestedTags={profile?.suggestedTags ?? []}
            controller={controller}
            now={now}
          />
        )}
        {/* One per conversation: a late answer about another customer never lands in this one's list. */}
        <CustomerHistory key={conversationId} conversation={conversation} controller={controller} now={now} />
      </div>
    </aside>
  );
}

interface ProfileFormsProps {
  conversation: Conversation;
  stored: CustomerProfile;
  suggestedTags: readonly string[];
  controller: ConsoleController;
  now: number;
}

/** The parts an agent edits, started from the profile as read (mounted once it is). */
function ProfileForms({ conversation, stored, suggestedTags, controller, now }: ProfileFormsProps) {
  // A colleague's change shows at once (customer.updated), unless the agent is editing the field.
  const [remarkName, setRemarkName] = useFollowedField(stored.remarkName ?? '');
  const [note, setNote] = useFollowedField(stored.note ?? '');
  const [newTag, setNewTag] = useState('');
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<Saved>();

  const save = async (change: CustomerProfileChange, done: string) => {
    setSaving(true);
    const problem = await controller.profiles.save(conversation, change);
    setSaving(false);
    setSaved(
      problem ? { tone: 'error', text: t('profile.saveFailed', { problem }) } : { tone: 'info', text: done },
    );
  };

  const { tags } = stored;
  const addTag = () => {
    const tag = newTag.trim();
    setNewTag('');
    if (tag && !tags.includes(tag)) void save({ tags: [...tags, tag] }, t('profile.tagsSaved'));
  };
  const suggestions = suggestedTags.filter((tag) => !tags.includes(tag));
  const location = stored.lastLocation;

  return (
    <>
      <form
        class="customer-panel__section"
        onSubmit={(event) => {
          event.preventDefault();
          void save({ remarkName: remarkName.trim() || null }, t('profile.remarkSaved'));
        }}
      >
        <Field id="profile-remark" label={t('profile.remarkName')} hint={t('profile.remarkHint')}>
          <div class="customer-panel__inline">
            <input
              id="profile-remark"
              class="customer-panel__input"
              value={remarkName}
              maxLength={profileLimits.remarkName}
              aria-describedby="profile-remark-hint"
              onInput={(event) => setRemarkName(event.currentTarget.value)}
            />
            <button
              type="submit"
              class="button button--small"
              disabled={saving || remarkName.trim() === (stored.remarkName ?? '')}
            >
              {t('profile.save')}
            </button>
          </div>
        </Field>
      </form>

      <section class="customer-panel__section" aria-labelledby="profile-tags-title">
        <h3 class="customer-panel__subtitle" id="profile-tags-title">
          {t('profile.tags')}
        </h3>
        {tags.length === 0 ? (
          <p class="customer-panel__empty">{t('profile.noTags')}</p>
        ) : (
          <ul class="customer-panel__tags">
            {tags.map((tag) => (
              <li key={tag} class="tag">
                <span>{tag}</span>
                <button
                  type="button"
                  class="tag__remove"
                  aria-label={t('profile.removeTag', { tag })}
                  disabled={saving}
                  onClick={() =>
                    void save({ tags: tags.filter((kept) => kept !== tag) }, t('profile.tagsSaved'))
                  }
                >
                  <Icon name="close" size={12} />
                </button>
              </li>
            ))}
          </ul>
        )}
        {tags.length < profileLimits.tags && (
          <form
            class="customer-panel__inline"
            onSubmit={(event) => {
              event.preventDefault();
              addTag();
            }}
          >
            <input
              class="customer-panel__input"
              aria-label={t('profile.newTag')}
              placeholder={t('profile.newTag')}
              list="profile-tag-suggestions"
              value={newTag}
              maxLength={profileLimits.tag}
              onInput={(event) => setNewTag(event.currentTarget.value)}
            />
            <datalist id="profile-tag-suggestions">
              {suggestions.map((tag) => (
                <option key={tag} value={tag} />
              ))}
            </datalist>
            <button type="submit" class="button button--small" disabled={saving || !newTag.trim()}>
              {t('profile.addTag')}
            </button>
          </form>
        )}
        {suggestions.length > 0 && (
          <div class="customer-panel__suggestions">
            {suggestions.slice(0, 8).map((tag) => (
              <button
                key={tag}
                type="button"
                class="tag tag--suggestion"
                disabled={saving || tags.length >= profileLimits.tags}
                aria-label={t('profile.addSuggested', { tag })}
                onClick={() => void save({ tags: [...tags, tag] }, t('profile.tagsSaved'))}
              >
                + {tag}
              </button>
            ))}
          </div>
        )}
      </section>

      <form
        class="customer-panel__section"
        onSubmit={(event) => {
          event.preventDefault();
          void save({ note: note.trim() ? note : null }, t('profile.noteSaved'));
        }}
      >
        <Field id="profile-note" label={t('profile.note')} hint={t('profile.noteHint')}>
          <textarea
            id="profile-note"
            class="customer-panel__note"
            rows={4}
            value={note}
            maxLength={profileLimits.note}
            aria-describedby="profile-note-hint"
            onInput={(event) => setNote(event.currentTarget.value)}
          />
        </Field>
        <div class="customer-panel__actions">
          <button
            type="submit"
            class="button button--small"
            disabled={saving || note === (stored.note ?? '')}
          >
            {t('profile.saveNote')}
          </button>
        </div>
      </form>

      {location && (
        <section class="customer-panel__section" aria-labelledby="profile-location-title">
          <h3 class="customer-panel__subtitle" id="profile-location-title">
            {t('profile.location')}
          </h3>
          <p class="customer-panel__location">
            {t('profile.coordinates', {
              latitude: location.latitude.toFixed(5),
              longitude: location.longitude.toFixed(5),
            })}
            {location.precision !== undefined &&
              ` · ${t('profile.precision', { metres: Math.round(location.precision) })}`}
          </p>
          <p class="customer-panel__empty" title={fullTime(location.at)}>
            {t('profile.reported', { when: agoText(location.at, now) })}
          </p>
        </section>
      )}
      {saved && (
        <p
          class={`customer-panel__saved notice notice--${saved.tone}`}
          role={saved.tone === 'error' ? 'alert' : 'status'}
        >
          {saved.text}
        </p>
      )}
    </>
  );
}
