/**
 * URLs in messages come from customers (a link they shared) or from WeChat (image URLs), so they are
 * untrusted: only http and https may become an href or an img src. Anything else, `javascript:`
 * above all, is shown as text or not at all.
 */
export function safeHttpUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}
