import { bracketed, splitEmoji } from '../wechat-emoji.ts';

/** Message text with WeChat's emoji codes and names shown as emoji, each named for screen readers. */
export function EmojiText({ text }: { text: string }) {
  return (
    <>
      {splitEmoji(text).map((piece, index) =>
        'text' in piece ? (
          piece.text
        ) : (
          <span
            key={index}
            class="wechat-emoji"
            role="img"
            aria-label={piece.name}
            title={bracketed(piece.name)}
          >
            {piece.emoji}
          </span>
        ),
      )}
    </>
  );
}
