import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n.ts';
import { browserStorage } from '../key-value-storage.ts';
import { loadPlaybackRate, type PlaybackRate, playbackRates, savePlaybackRate } from '../playback-rate.ts';
import { playableVoice } from '../voice-audio.ts';
import { Icon } from './Icon.tsx';

type PlayerState = 'idle' | 'loading' | 'ready' | 'failed';

/** `m:ss`, as WeChat shows a voice's length. */
function clock(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/**
 * A voice message's player: play and pause, a position the keyboard can move (arrow keys on the
 * slider), the time played of the whole, and 1× / 1.5× / 2× (the agent's last choice, remembered).
 * The voice is fetched and made playable
 * on the first play only, so a long thread of voices costs nothing until one is played. Starting one
 * voice pauses any other, as WeChat does.
 */
export function VoicePlayer({ url, durationMs }: { url: string; durationMs: number | undefined }) {
  const audio = useRef<HTMLAudioElement>(null);
  const objectUrl = useRef<string | undefined>(undefined);
  const [state, setState] = useState<PlayerState>('idle');
  const [playing, setPlaying] = useState(false);
  const [position, setPosition] = useState(0);
  const [length, setLength] = useState(durationMs === undefined ? 0 : durationMs / 1000);
  const [rate, setRate] = useState<PlaybackRate>(() => loadPlaybackRate(browserStorage()));

  useEffect(
    () => () => {
      if (objectUrl.current) URL.revokeObjectURL(objectUrl.current);
    },
    [],
  );

  useEffect(() => {
    const pauseWhenAnotherPlays = (event: Event) => {
      if (event.target !== audio.current) audio.current?.pause();
    };
    document.addEventListener('play', pauseWhenAnotherPlays, true);
    return () => document.removeEventListener('play', pauseWhenAnotherPlays, true);
  }, []);

  const load = async (element: HTMLAudioElement): Promise<boolean> => {
    setState('loading');
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`the voice's link answered ${response.status}`);
      const file = await playableVoice(new Uint8Array(await response.arrayBuffer()));
      objectUrl.current = URL.createObjectURL(file);
      element.src = objectUrl.current;
      element.defaultPlaybackRate = rate;
      element.playbackRate = rate;
      setState('ready');
      return true;
    } catch {
      setState('failed');
      return false;
    }
  };

  const toggle = async () => {
    const element = audio.current;
    if (!element || state === 'loading') return;
    if (playing) {
      element.pause();
      return;
    }
    if (state !== 'ready' && !(await load(element))) return;
    await element.play().catch(() => setState('failed'));
  };

  const chooseRate = (next: PlaybackRate) => {
    setRate(next);
    savePlaybackRate(browserStorage(), next);
    if (audio.current) {
      audio.current.defaultPlaybackRate = next;
      audio.current.playbackRate = next;
    }
  };

  const seek = (seconds: number) => {
    if (audio.current && state === 'ready') audio.current.currentTime = seconds;
    setPosition(seconds);
  };

  if (state === 'failed') {
    return (
      <p class="content-media__hint content-media__unavailable" role="note">
        {t('voicePlayer.failed')}
      </p>
    );
  }
  const progress = t('voicePlayer.position', { played: clock(position), length: clock(length) });
  return (
    <div class="voice-player">
      <button
        type="button"
        class="voice-player__toggle"
        aria-label={playing ? t('voicePlayer.pause') : t('voicePlayer.play')}
        aria-busy={state === 'loading'}
        onClick={toggle}
      >
        <Icon name={playing ? 'pause' : 'play'} />
      </button>
      <input
        type="range"
        class="voice-player__position"
        min={0}
        max={length || 0}
        step={0.1}
        value={position}
        disabled={state !== 'ready'}
        aria-label={t('voicePlayer.positionLabel')}
        aria-valuetext={progress}
        onInput={(event) => seek(Number(event.currentTarget.value))}
      />
      <span class="voice-player__time mono">{progress}</span>
      <fieldset class="voice-player__rates">
        <legend class="visually-hidden">{t('voicePlayer.speed')}</legend>
        {playbackRates.map((each) => (
          <button
            key={each}
            type="button"
            class="voice-player__rate"
            aria-pressed={rate === each}
            onClick={() => chooseRate(each)}
          >
            {`${each}×`}
          </button>
        ))}
      </fieldset>
      {/* biome-ignore lint/a11y/useMediaCaption: a voice message has no captions; its transcript is shown beside it. */}
      <audio
        ref={audio}
        preload="none"
        onPlay={() => setPlaying(true)}
        onPause={() => setPlaying(false)}
        onLoadedMetadata={(event) => {
          if (Number.isFinite(event.currentTarget.duration)) setLength(event.currentTarget.duration);
        }}
        onTimeUpdate={(event) => setPosition(event.currentTarget.currentTime)}
        onEnded={(event) => {
          event.currentTarget.currentTime = 0;
          setPosition(0);
        }}
      />
    </div>
  );
}
