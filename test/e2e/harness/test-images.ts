import { drawPng } from '../../../infra/local/drawn-png.ts';

/** Pictures a customer "sends", served by the console server (WeChat's PicUrl and ThumbUrl are plain http(s) URLs). */

export const customerPhotoSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="220" viewBox="0 0 320 220">
  <rect width="320" height="220" fill="#dfe9f5"/>
  <circle cx="250" cy="60" r="28" fill="#f5c451"/>
  <path d="M0 220 L90 110 L150 170 L210 100 L320 220 Z" fill="#6c9a6e"/>
  <path d="M0 220 L60 160 L120 220 Z" fill="#4d7a50"/>
</svg>`;

export const productThumbSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="320" viewBox="0 0 400 320">
  <rect width="400" height="320" fill="#fbeee6"/>
  <rect x="140" y="70" width="120" height="170" rx="16" fill="#e07a5f"/>
  <rect x="170" y="50" width="60" height="30" rx="8" fill="#c8553d"/>
  <text x="200" y="290" font-family="sans-serif" font-size="22" text-anchor="middle" fill="#8d5b4c">SPRING</text>
</svg>`;

/** A sky-to-sea gradient with a sun, big enough to see in a screenshot. */
export function landscapePng(width = 240, height = 160): Buffer {
  return drawPng(width, height, (x, y) => {
    const sun = (x - width * 0.72) ** 2 + (y - height * 0.3) ** 2 < (height * 0.14) ** 2;
    const sea = y > height * 0.62;
    return sun
      ? [245, 196, 81]
      : sea
        ? [40, 110 + Math.round((y / height) * 40), 150]
        : [150 + Math.round((y / height) * 80), 200, 240];
  });
}
