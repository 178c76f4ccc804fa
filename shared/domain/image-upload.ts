/**
 * Pictures agents may upload: what WeChat accepts as image media, and small enough to travel through
 * API Gateway and Lambda (a 6 MB payload, base64-encoded) with room to spare.
 */
export const maxUploadBytes = 4 * 1024 * 1024;

const signatures: { contentType: string; matches: (bytes: Buffer) => boolean }[] = [
  {
    contentType: 'image/jpeg',
    matches: (bytes) => bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff,
  },
  {
    contentType: 'image/png',
    matches: (bytes) =>
      bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { contentType: 'image/gif', matches: (bytes) => bytes.subarray(0, 4).toString('latin1') === 'GIF8' },
];

/** The image type the bytes really are (the declared type is not trusted), or a reason to refuse them. */
export type UploadCheck = { contentType: string } | { problem: string; tooLarge: boolean };

export function checkImageUpload(bytes: Buffer): UploadCheck {
  if (bytes.length === 0) return { problem: 'The upload is empty.', tooLarge: false };
  if (bytes.length > maxUploadBytes) {
    const megabytes = (bytes.length / 1048576).toFixed(1);
    return { problem: `The picture is ${megabytes} MB; at most 4 MB are accepted.`, tooLarge: true };
  }
  const contentType = imageTypeOf(bytes);
  return contentType
    ? { contentType }
    : { problem: 'Only JPEG, PNG and GIF pictures can be sent.', tooLarge: false };
}

/** The picture type the bytes really are (JPEG, PNG or GIF), whatever they were said to be. */
export function imageTypeOf(bytes: Buffer): string | undefined {
  return signatures.find((signature) => signature.matches(bytes))?.contentType;
}
