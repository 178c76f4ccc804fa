/**
 * WeChat ids are long and mostly alike at the start (every openid of an app shares a prefix), so the
 * list shows the head and the tail; the full id stays available in the thread header and tooltips.
 */
export function shortenId(id: string, head = 6, tail = 4): string {
  if (id.length <= head + tail + 1) return id;
  return `${id.slice(0, head)}…${id.slice(-tail)}`;
}
