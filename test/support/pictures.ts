/** A 1×1 PNG: the smallest picture an agent can upload and send. */
export const onePixelPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAAABJRU5ErkJggg==',
  'base64',
);

/** Uploads a picture as the console does (`POST /api/media`). */
export function uploadPicture(
  httpUrl: string,
  token: string,
  bytes: Buffer = onePixelPng,
  contentType = 'image/png',
) {
  return fetch(`${httpUrl}/api/media`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body: bytes,
  });
}
