/**
 * The few icons the thread needs, as inline SVG: no icon font to download, and no dependence on the
 * agent's emoji fonts (which differ between Windows, macOS and Linux desktops).
 */
const paths = {
  mic: 'M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3Zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.92V21h2v-3.08A7 7 0 0 0 19 11h-2Z',
  play: 'M8 5v14l11-7L8 5Z',
  pin: 'M12 2a7 7 0 0 0-7 7c0 5.25 7 13 7 13s7-7.75 7-13a7 7 0 0 0-7-7Zm0 9.5A2.5 2.5 0 1 1 12 6.5a2.5 2.5 0 0 1 0 5Z',
  image:
    'M21 19V5a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2ZM8.5 13.5l2.5 3 3.5-4.5 4.5 6H5l3.5-4.5Z',
  miniprogram:
    'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm3.9 11.1a3.3 3.3 0 0 1-3.2 2.4 1 1 0 0 1 0-2 1.3 1.3 0 0 0 1.3-1.3 1.3 1.3 0 0 0-1.3-1.3h-.1a3.3 3.3 0 0 1-3.2-3.3 3.3 3.3 0 0 1 5.5-2.4 1 1 0 1 1-1.4 1.4 1.3 1.3 0 0 0-2.1 1 1.3 1.3 0 0 0 1.2 1.3h.1a3.3 3.3 0 0 1 3.2 3.2Z',
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name }: { name: IconName }) {
  return (
    <svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
      <path d={paths[name]} fill="currentColor" />
    </svg>
  );
}
