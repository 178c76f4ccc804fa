import type { RefObject } from 'preact';
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import { fillPlaceholders } from '../../../shared/domain/placeholders.ts';
import type { ConsoleController } from '../console/console-controller.ts';
import { customerKey } from '../customer-names.ts';
import { queueName } from '../names.ts';
import type { OutgoingContent } from '../outgoing-content.ts';
import { initialsLoaded, loadInitials } from '../pinyin-initials.ts';
import { repliesFor, searchQuickReplies } from '../quick-reply-search.ts';
import { insertSlash, replaceTrigger, slashTrigger } from '../slash-trigger.ts';
import { useStore } from './use-store.ts';

interface PaletteInput {
  controller: ConsoleController;
  conversation: Conversation;
  draft: string;
  /** Replaces the draft (the composer's own setter, which keeps drafts per conversation). */
  setText: (value: string) => void;
  /** Opens the composer's menu editor with a saved menu (a quick reply holding one). */
  insertMenu: (menu: Extract<OutgoingContent, { type: 'menu' }>) => void;
  textarea: RefObject<HTMLTextAreaElement | null>;
  /** The agent cannot write here now: the palette stays shut. */
  blocked: boolean;
}

/** The id of the palette's option at `index`, for the textarea's `aria-activedescendant`. */
export const paletteOptionId = (paletteId: string, index: number) => `${paletteId}-option-${index}`;

/**
 * The composer's quick-reply palette: open while the cursor follows a `/` at the start of the draft
 * or after whitespace (slash-trigger.ts), searching by what follows it. The focus never leaves the
 * textarea: Up and Down choose, Enter or Tab put the reply in place of the `/query` with its
 * placeholders filled, Escape closes it until that `/` is gone.
 */
export function useQuickReplyPalette({
  controller,
  conversation,
  draft,
  setText,
  insertMenu,
  textarea,
  blocked,
}: PaletteInput) {
  const quickReplies = useStore(controller.quickReplies.store);
  // Saved menus are offered only where menu messages can be sent: an Official Account's conversation.
  const offersMenus =
    useStore(controller.store).apps?.find((app) => app.appId === conversation.appId)?.type ===
    'official-account';
  /** Where the cursor is: kept as the agent types, clicks and moves it. */
  const [cursor, setCursor] = useState(draft.length);
  /** The `/` whose palette the agent closed with Escape. */
  const [dismissed, setDismissed] = useState<number>();
  const [activeIndex, setActiveIndex] = useState(0);
  /** Where the cursor goes once a draft the palette made is on screen. */
  const pendingCursor = useRef<number | undefined>(undefined);
  /** Pinyin initials match once their dictionary is in (a chunk fetched when the palette first opens). */
  const [initialsReady, setInitialsReady] = useState(initialsLoaded);
  const id = useId();

  const trigger = blocked ? undefined : slashTrigger(draft, cursor);
  const open = trigger !== undefined && trigger.start !== dismissed;
  const query = open ? trigger.query : undefined;
  const options = useMemo(
    () =>
      query === undefined
        ? []
        : searchQuickReplies(
            repliesFor(quickReplies.replies, conversation).filter((reply) => offersMenus || !reply.menu),
            query,
          ),
    // initialsReady: the same query finds more once the dictionary is in.
    [query, quickReplies.replies, conversation, initialsReady, offersMenus],
  );
  const active = Math.min(activeIndex, Math.max(options.length - 1, 0));

  // Each new query starts at its best match.
  useEffect(() => setActiveIndex(0), [query]);
  // Opening reads the list again, so that what colleagues changed meanwhile is offered.
  useEffect(() => {
    if (!open) return;
    void controller.quickReplies.refresh();
    if (!initialsReady) void loadInitials().then(() => setInitialsReady(initialsLoaded()));
  }, [open, controller, initialsReady]);
  useLayoutEffect(() => {
    const at = pendingCursor.current;
    if (at === undefined) return;
    pendingCursor.current = undefined;
    textarea.current?.setSelectionRange(at, at);
  });

  /** The draft changed (typed, or replaced): the `/` the palette was closed for may be gone. */
  const draftChanged = (value: string, cursorNow: number) => {
    if (dismissed !== undefined && value.charAt(dismissed) !== '/') setDismissed(undefined);
    setCursor(cursorNow);
  };

  const replaceDraft = (next: { text: string; cursor: number }) => {
    pendingCursor.current = next.cursor;
    setText(next.text);
    draftChanged(next.text, next.cursor);
    textarea.current?.focus();
  };

  const insert = (index: number) => {
    const reply = options[index];
    if (!reply || !trigger) return;
    const { agent, customerNames } = controller.store.state;
    const filled = fillPlaceholders(reply.text, {
      agentName: agent.displayName || agent.username,
      // The remark name agents gave the customer, the only name the console knows.
      customerName: customerNames[customerKey(conversation)],
    });
    if (reply.menu) {
      // The `/query` goes; the menu opens in its own editor, the draft's other words stay.
      replaceDraft(replaceTrigger(draft, trigger, ''));
      insertMenu({ type: 'menu', head: filled, options: reply.menu.options, tail: reply.menu.tail });
      return;
    }
    replaceDraft(replaceTrigger(draft, trigger, filled));
    controller.composer.agentTyping(conversation.conversationId);
  };

  /** The toolbar's button: types a `/` where the cursor is, or closes the open palette. */
  const toggle = () => {
    if (open) {
      setDismissed(trigger.start);
      textarea.current?.focus();
      return;
    }
    replaceDraft(insertSlash(draft, textarea.current?.selectionStart ?? draft.length));
  };

  /** The palette's keys; true when the key was the palette's (and must do nothing else). */
  const handleKey = (event: KeyboardEvent): boolean => {
    if (!open) return false;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        if (options.length === 0) return false;
        const step = event.key === 'ArrowDown' ? 1 : options.length - 1;
        setActiveIndex((active + step) % options.length);
        return true;
      }
      case 'Enter':
      case 'Tab':
        if (event.shiftKey) return false;
        // With nothing found, Enter does nothing rather than send "/thh": Escape, then Enter sends it.
        if (options.length === 0) return event.key === 'Enter';
        insert(active);
        return true;
      case 'Escape':
        setDismissed(trigger.start);
        return true;
      default:
        return false;
    }
  };

  const syncCursor = (event: Event) => {
    // A draft the palette made is not on screen yet: the textarea still shows the old one.
    if (pendingCursor.current !== undefined) return;
    setCursor((event.currentTarget as HTMLTextAreaElement).selectionStart);
  };

  return {
    open,
    toggle,
    handleKey,
    draftChanged,
    /** What the palette component shows. */
    palette: {
      id,
      options,
      activeIndex: active,
      loading: !quickReplies.loaded && quickReplies.error === undefined,
      error: quickReplies.error,
      onPick: insert,
    },
    /** The textarea's side of the combobox, and where it learns about cursor moves. */
    textareaProps: {
      'aria-autocomplete': 'list' as const,
      'aria-controls': open ? id : undefined,
      'aria-activedescendant': open && options.length > 0 ? paletteOptionId(id, active) : undefined,
      onKeyUp: syncCursor,
      onClick: syncCursor,
      onFocus: syncCursor,
    },
    /** A queue's name as the console knows it, for the replies' labels. */
    queueName: (appId: string, queueId: string) =>
      queueName(controller.store.state.names, appId, queueId) ?? queueId,
  };
}
