import type { OpenSocket } from './socket.ts';

/** The browser's WebSocket behind the small interface socket.ts drives (and tests fake). */
export const openBrowserSocket: OpenSocket = (url, handlers) => {
  const socket = new WebSocket(url);
  socket.onopen = () => handlers.onOpen();
  socket.onmessage = (event) => handlers.onMessage(event.data);
  // An error is always followed by a close event, which is where the socket is given up.
  socket.onerror = () => {};
  socket.onclose = (event) => handlers.onClose(event.code);
  return {
    send: (data) => socket.send(data),
    close: (code, reason) => {
      socket.onopen = null;
      socket.onmessage = null;
      socket.onclose = null;
      socket.close(code, reason);
    },
  };
};

/** The socket URL for a token: browsers cannot set headers on a WebSocket, so it goes in the query. */
export function socketUrl(webSocketUrl: string, token: string): string {
  const separator = webSocketUrl.includes('?') ? '&' : '?';
  return `${webSocketUrl}${separator}token=${encodeURIComponent(token)}`;
}
