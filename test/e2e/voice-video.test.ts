import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedCustomer } from '../../infra/local/wechat-simulator/index.ts';
import { shortenId } from '../../web/src/format-ids.ts';
import { setLocale, t } from '../../web/src/i18n.ts';
import { randomAlphanumeric, type TestAgent, type TestApp } from '../support/system.ts';
import { readRecording } from '../support/voice-recordings.ts';
import { amrVoice, mp3Voice, mp4Video } from '../support/voice-video-files.ts';
import { launchBrowser, type TestBrowser } from './harness/browser.ts';
import { consoleSuite } from './harness/console-suite.ts';

/**
 * Voice answers in Chromium, in Chinese, against the whole local system: an Official Account's agent
 * picks a voice file, the console checks it before uploading (a voice over 60 s is refused on the
 * spot), sends it, and the simulated customer receives WeChat voice; then a video. A Mini Program's conversation
 * does not offer voice or video and says why. A customer's voice and video are shown from our copies,
 * or with the reason there is none.
 */

/** What the tests read of the page's audio element (the test code has no DOM types). */
interface AudioElement {
  currentTime: number;
  duration: number;
  playbackRate: number;
  paused: boolean;
  addEventListener(type: 'timeupdate', listener: () => void): void;
}

const suite = consoleSuite();
const { shot } = suite;

describe('voice answers in zh-CN', () => {
  let browser: TestBrowser;
  let console: Page;
  let officialAccount: TestApp;
  let miniProgram: TestApp;
  let agent: TestAgent;

  const openConversation = async (customer: SimulatedCustomer, text: string) => {
    await customer.say(text);
    await console
      .locator('.conversation')
      .filter({ hasText: shortenId(customer.openId) })
      .click();
    await console.locator('.thread__messages').getByText(text, { exact: true }).waitFor();
  };

  const chooseVoice = (name: string, mimeType: string, buffer: Buffer) =>
    console.getByTestId('composer-voice-input').setInputFiles({ name, mimeType, buffer });

  beforeAll(async () => {
    setLocale('zh-CN', false);
    const { system } = suite.stack;
    officialAccount = await system.addApp({ type: 'official-account', format: 'xml', workspaceId: 'voices' });
    miniProgram = await system.addApp({ type: 'miniprogram', format: 'json', workspaceId: 'voices' });
    agent = await system.addAgent([officialAccount.appId, miniProgram.appId], {
      username: `xiaoyu-${randomAlphanumeric(4)}`,
      capacity: 5,
    });
    browser = await launchBrowser({ locale: 'zh-CN' });
    console = await suite.signedIn(browser, agent);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('refuses an over-long voice before uploading, then sends an AMR voice the customer receives', async () => {
    setLocale('zh-CN', false);
    const { system } = suite.stack;
    const customer = system.simulator.customer(officialAccount.appId);
    await openConversation(customer, '能发段语音说明一下吗？');
    const voiceButton = console.getByTestId('composer-voice');
    expect(await voiceButton.getAttribute('aria-disabled')).toBeNull();
    expect(await voiceButton.textContent()).toContain('语音');
    const uploadsBefore = system.simulator.calls('media_upload');

    await chooseVoice('说明.amr', 'audio/amr', amrVoice(61_000));
    const attachment = console.getByTestId('voice-video-attachment');
    await attachment.getByText('语音时长 61 秒，微信最多接受 60 秒。').waitFor();
    expect(await console.locator('.composer__send').isDisabled()).toBe(true);
    await shot(console, 'voice-too-long-zh-CN');

    const voice = amrVoice(4200);
    await chooseVoice('说明.amr', 'audio/amr', voice);
    await console.locator('[data-testid="voice-video-attachment"][data-upload-status="ready"]').waitFor();
    expect(await attachment.textContent()).toContain('4.2 秒');
    await console.locator('.composer__send').click();

    const received = await customer.nextReceived((message) => message.msgtype === 'voice');
    expect(received.media?.type).toBe('voice');
    expect(received.media?.bytes.equals(voice)).toBe(true);
    // Only the accepted voice reached WeChat.
    expect(system.simulator.calls('media_upload') - uploadsBefore).toBe(1);
    const sent = console.locator(
      '.thread__messages .message--agent[data-status="sent"] .content-media--voice',
    );
    await sent.getByText('语音消息 · 4.2 秒').waitFor();
    await sent.getByRole('button', { name: '播放语音' }).waitFor();
    await shot(console, 'voice-sent-zh-CN');
  });

  it('shows a sent MP3 voice with a player', async () => {
    setLocale('zh-CN', false);
    const customer = suite.stack.system.simulator.customer(officialAccount.appId);
    await openConversation(customer, '再发一段 MP3 吧');
    await chooseVoice('说明.mp3', 'audio/mpeg', mp3Voice(120));
    await console.locator('[data-testid="voice-video-attachment"][data-upload-status="ready"]').waitFor();
    await console.locator('.composer__send').click();
    await customer.nextReceived((message) => message.msgtype === 'voice');
    await console
      .locator('.thread__messages .message--agent[data-status="sent"] .content-media--voice')
      .filter({ hasText: '3.1 秒' })
      .getByRole('button', { name: '播放语音' })
      .waitFor();
  });

  it('sends an MP4 video of 6 MB (through an upload link, past the API’s body limit), shown in the thread with a player', async () => {
    setLocale('zh-CN', false);
    const customer = suite.stack.system.simulator.customer(officialAccount.appId);
    await openConversation(customer, '有安装视频吗？');
    const video = mp4Video(6 * 1024 * 1024);
    await console
      .getByTestId('composer-video-input')
      .setInputFiles({ name: '安装.mp4', mimeType: 'video/mp4', buffer: video });
    await console.locator('[data-testid="voice-video-attachment"][data-upload-status="ready"]').waitFor();
    await console.locator('.composer__send').click();
    const received = await customer.nextReceived((message) => message.msgtype === 'video');
    expect(received.media?.bytes.equals(video)).toBe(true);
    await console.locator('.thread__messages .message--agent[data-status="sent"] video').waitFor();
  });

  it('does not offer voice or video in a Mini Program conversation, and says why', async () => {
    setLocale('zh-CN', false);
    const customer = suite.stack.system.simulator.customer(miniProgram.appId);
    await openConversation(customer, '你好');
    for (const kind of ['voice', 'video']) {
      const button = console.getByTestId(`composer-${kind}`);
      expect(await button.getAttribute('title')).toBe('小程序客服消息不支持语音和视频');
      expect(await button.getAttribute('aria-disabled')).toBe('true');
    }
    await console.getByTestId('composer-voice').click({ force: true });
    expect(await console.getByTestId('voice-video-attachment').count()).toBe(0);
  });
});

describe.each([
  { locale: 'zh-CN' as const, browserLocale: 'zh-CN', width: 390, height: 844, transcript: '快递盒子破了' },
  {
    locale: 'en' as const,
    browserLocale: 'en-GB',
    width: 1280,
    height: 800,
    transcript: 'The box arrived broken',
  },
])(
  "a customer's voice and video in $locale at $width px",
  ({ locale, browserLocale, width, height, transcript }) => {
    let browser: TestBrowser;
    let page: Page;
    let officialAccount: TestApp;
    /** What the console's own Content-Security-Policy stopped: the media bucket is another origin. */
    const refusedByPolicy: string[] = [];

    beforeAll(async () => {
      const { system } = suite.stack;
      officialAccount = await system.addApp({
        type: 'official-account',
        format: 'xml',
        workspaceId: `media-${locale}`,
      });
      const agent = await system.addAgent([officialAccount.appId], {
        username: `media-${locale}-${randomAlphanumeric(4)}`,
        capacity: 5,
      });
      browser = await launchBrowser({ locale: browserLocale, viewport: { width, height } });
      // The sign-in page is found by its words in the browser's language.
      setLocale(locale, false);
      page = await suite.signedIn(browser, agent);
      page.on('console', (message) => {
        if (message.text().includes('Content Security Policy')) refusedByPolicy.push(message.text());
      });
    });

    afterAll(async () => {
      await browser?.close();
    });

    it('plays the voice (decoded AMR) with its transcript, speeds and a download, shows the video with its thumbnail as poster, and says when a voice expired', async () => {
      setLocale(locale, false);
      const { system } = suite.stack;
      const customer = system.simulator.customer(officialAccount.appId);
      await customer.say(transcript);
      await page
        .locator('.conversation')
        .filter({ hasText: shortenId(customer.openId) })
        .click();
      const thread = page.locator('.thread__messages');
      await thread.getByText(transcript, { exact: true }).waitFor();

      await customer.sendVoice(readRecording('brokenCup'), { recognition: transcript });
      const voice = thread
        .locator('.message--customer .content-media--voice')
        .filter({ hasText: transcript });
      const download = voice.getByRole('link', { name: t('content.download') });
      await download.waitFor();
      expect(await download.getAttribute('href')).toContain('X-Amz-Expires=900');
      await voice.getByText(t('content.voiceLength', { seconds: '10.9' })).waitFor();

      // The AMR is decoded in the page and played: the audio element knows its length and moves on.
      await voice.getByRole('button', { name: t('voicePlayer.play') }).click();
      await voice.getByRole('button', { name: t('voicePlayer.pause') }).waitFor();
      const audio = voice.locator('audio');
      await audio.evaluate(
        (element: AudioElement) =>
          new Promise<void>((advanced) => {
            const check = () => (element.currentTime > 0.3 ? advanced() : undefined);
            element.addEventListener('timeupdate', check);
            check();
          }),
      );
      const duration = await audio.evaluate((element: AudioElement) => element.duration);
      expect(Math.abs(duration - 10.949)).toBeLessThan(0.1);
      await voice.getByRole('button', { name: '2×' }).click();
      expect(await audio.evaluate((element: AudioElement) => element.playbackRate)).toBe(2);
      expect(await voice.getByRole('button', { name: '2×' }).getAttribute('aria-pressed')).toBe('true');
      await voice.getByRole('button', { name: t('voicePlayer.pause') }).click();
      expect(await audio.evaluate((element: AudioElement) => element.paused)).toBe(true);

      // From the keyboard: the position slider moves the voice on.
      const slider = voice.getByRole('slider', { name: t('voicePlayer.positionLabel') });
      const before = await audio.evaluate((element: AudioElement) => element.currentTime);
      await slider.focus();
      for (let press = 0; press < 20; press++) await page.keyboard.press('ArrowRight');
      const after = await audio.evaluate((element: AudioElement) => element.currentTime);
      expect(after).toBeGreaterThan(before + 1);
      expect(await slider.getAttribute('aria-valuetext')).toMatch(/^0:0\d \/ 0:10$/);
      const playerBox = await voice.locator('.voice-player').boundingBox();
      expect(playerBox && playerBox.x >= 0 && playerBox.x + playerBox.width <= width).toBe(true);

      // A real JPEG for the thumbnail, as WeChat makes one: the browser's own picture of the page.
      const thumb = await page.screenshot({
        type: 'jpeg',
        quality: 60,
        clip: { x: 0, y: 0, width: 160, height: 90 },
      });
      await customer.sendVideo(mp4Video(8192), { short: true, thumb });
      await thread
        .locator('.message--customer')
        .getByRole('link', { name: t('content.downloadVideo') })
        .waitFor();
      const video = thread.locator('.message--customer video');
      const poster = (await video.getAttribute('poster')) ?? '';
      expect(poster).toContain('X-Amz-Expires=900');
      const posterWidth = await page.evaluate(`new Promise((resolve, reject) => {
      const image = new Image();
      image.onload = () => resolve(image.naturalWidth);
      image.onerror = () => reject(new Error('the poster did not load'));
      image.src = ${JSON.stringify(poster)};
    })`);
      expect(posterWidth).toBe(160);
      expect(await video.getAttribute('playsinline')).not.toBeNull();
      expect(await video.getAttribute('controls')).not.toBeNull();
      // Inside the screen, whatever its width.
      const box = await video.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= width).toBe(true);

      system.simulator.failNext('media_get', { errcode: 40007, errmsg: 'invalid media_id' });
      await customer.sendVoice(amrVoice(400));
      await thread.getByText(t('content.voiceExpired')).waitFor();
      expect(refusedByPolicy).toEqual([]);
      await shot(page, `customer-voice-video-${locale}-${width}`);
    });
  },
);
