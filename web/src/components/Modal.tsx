import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { t } from '../i18n.ts';
import { Icon } from './Icon.tsx';

interface ModalProps {
  title: string;
  /** A settings screen rather than a question: most of the window, with room for a form. */
  wide?: boolean;
  /** Escape, the close button, or the owner deciding it is done. */
  onClose: () => void;
  children: ComponentChildren;
}

/**
 * A modal dialog on the browser's own `<dialog>`: it keeps focus inside, closes on Escape, hides the
 * page behind from screen readers, and gives focus back to what opened it, if that is still there.
 * Focus starts on the harmless close button, so Enter alone never confirms anything.
 */
export function Modal({ title, wide = false, onClose, children }: ModalProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const element = dialog.current;
    // Restored by hand: the browser only does it when the dialog is still in the page as it closes.
    const opener = document.activeElement;
    element?.showModal();
    return () => {
      element?.close();
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog
      ref={dialog}
      class={wide ? 'modal modal--wide' : 'modal'}
      aria-labelledby={titleId}
      onCancel={(event) => {
        // The owner unmounts the dialog; the browser must not close it behind the owner's back.
        event.preventDefault();
        onClose();
      }}
    >
      <header class="modal__header">
        <h2 class="modal__title" id={titleId}>
          {title}
        </h2>
        <button
          type="button"
          class="button button--quiet button--icon"
          aria-label={t('common.closeDialog')}
          onClick={onClose}
        >
          <Icon name="close" />
        </button>
      </header>
      <div class="modal__body">{children}</div>
    </dialog>
  );
}
