/**
 * WeChat does not give the console a customer's name or picture, only an opaque openid. A colour
 * derived from it lets an agent tell customers apart at a glance, and stays the same everywhere.
 */
export function CustomerAvatar({ openId, size = 'normal' }: { openId: string; size?: 'normal' | 'large' }) {
  return (
    <span class={`avatar avatar--${size} avatar--hue-${hueBucket(openId)}`} aria-hidden="true">
      {openId.slice(-2).toUpperCase()}
    </span>
  );
}

/** One of 8 palette entries: classes rather than inline styles, which the page's CSP forbids. */
function hueBucket(id: string): number {
  let hash = 0;
  for (let index = 0; index < id.length; index++) hash = (hash * 31 + id.charCodeAt(index)) >>> 0;
  return hash % 8;
}
