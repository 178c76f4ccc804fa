import { describe, expect, it } from 'vitest';
import { maxUploadBytes, problemWithImage } from '../../../web/src/image-limits.ts';

describe('problemWithImage', () => {
  it('takes JPEG, PNG and GIF pictures up to 4 MB, and a file whose type the browser does not know', () => {
    expect(problemWithImage({ size: 1, type: 'image/jpeg' })).toBeUndefined();
    expect(problemWithImage({ size: 1, type: 'image/png' })).toBeUndefined();
    expect(problemWithImage({ size: maxUploadBytes, type: 'image/gif' })).toBeUndefined();
    expect(problemWithImage({ size: 1, type: '' })).toBeUndefined();
  });

  it('says what is wrong with the others', () => {
    expect(problemWithImage({ size: 0, type: 'image/png' })).toBe('The picture is empty.');
    expect(problemWithImage({ size: 1, type: 'image/webp' })).toBe(
      'Only JPEG, PNG and GIF pictures can be sent.',
    );
    expect(problemWithImage({ size: maxUploadBytes + 1, type: 'image/png' })).toBe(
      'The picture is 4.0 MB; at most 4 MB are accepted.',
    );
  });
});
