import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { BrowserContext } from 'playwright-core';

/**
 * Which Chromium the browser tests launch, with which arguments and fonts. In this order:
 * - `CHROMIUM_PATH`, when set (it must exist);
 * - Debian's Chromium, `/usr/bin/chromium`, when it is installed;
 * - the headless Chromium that the `@sparticuz/chromium` devDependency ships (Linux x64 only),
 *   unpacked once into the OS temp folder.
 * Whichever it is, it sees the Simplified-Chinese font that `@embedpdf/fonts-sc` ships (Noto Sans
 * S Chinese, OFL) through a fontconfig file of our own, so Chinese text in screenshots is legible on
 * a machine without any CJK font, and without root.
 */

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * The same for every Chromium; Playwright adds `--headless` itself. Of `@sparticuz/chromium`'s own
 * `args` (made for AWS Lambda) none are taken: with `--single-process`, closing one browser context
 * takes the whole browser down; `--disable-web-security` and `--allow-running-insecure-content` would
 * make the browser more lenient than an agent's; the SwiftShader/WebGL switches serve no page here.
 */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Ready for playwright-core's `chromium.launch` and `chromium.launchPersistentContext`. */
export interface ChromiumLaunchOptions {
  executablePath: string;
  args: string[];
  headless: true;
  env: Record<string, string | undefined>;
}

interface Choice {
  launchOptions: ChromiumLaunchOptions;
  /** The npm Chromium is `chrome-headless-shell`, which lacks a few things a desktop Chrome has. */
  headlessShell: boolean;
}

let chosen: Promise<Choice> | undefined;

function choice(): Promise<Choice> {
  chosen ??= choose();
  return chosen;
}

/** The launch options for this machine, worked out (and the npm Chromium unpacked) once per process. */
export async function chromiumLaunchOptions(): Promise<ChromiumLaunchOptions> {
  return (await choice()).launchOptions;
}

/**
 * Makes a new browser context behave like Debian's headless Chromium where the tests rely on it; call
 * it before the context opens a page. `chrome-headless-shell` (the npm Chromium) has no notification
 * service: its `Notification.permission` says "denied" whatever was granted, although
 * `navigator.permissions` and `requestPermission()` tell what was granted, and it leaves a request
 * that was not granted "default" where headless Chromium answers "denied". The page is shown the
 * permission the browser holds, and a refusal for a request that nobody can answer.
 */
export async function prepareContext(context: BrowserContext): Promise<void> {
  if ((await choice()).headlessShell) await context.addInitScript(notificationPermissionAsInChromium);
}

/** Page source, run before the page's own scripts. */
const notificationPermissionAsInChromium = `(() => {
  const RealNotification = window.Notification;
  const permissions = navigator.permissions;
  if (!RealNotification || !permissions) return;
  const asPermission = (state) => (state === 'prompt' ? 'default' : state);
  let permission = 'default';
  let known = false;
  let readTooEarly = false;
  const query = permissions.query.bind(permissions);
  // One status object for the page and for this script, so that a change is seen here first.
  const status = query({ name: 'notifications' }).then((answer) => {
    known = true;
    const before = permission;
    permission = asPermission(answer.state);
    // The browser's own changes; the ones dispatched below (not trusted) come with the value set.
    answer.addEventListener('change', (event) => {
      if (event.isTrusted) permission = asPermission(answer.state);
    });
    // A page that read the permission before the browser answered hears that it changed.
    if (readTooEarly && permission !== before) setTimeout(() => answer.dispatchEvent(new Event('change')));
    return answer;
  });
  permissions.query = (descriptor) =>
    descriptor && descriptor.name === 'notifications' ? status : query(descriptor);
  Object.defineProperty(RealNotification, 'permission', {
    configurable: true,
    get() {
      if (!known) readTooEarly = true;
      return permission;
    },
  });
  const requestPermission = RealNotification.requestPermission.bind(RealNotification);
  Object.defineProperty(RealNotification, 'requestPermission', {
    configurable: true,
    writable: true,
    value: (callback) =>
      requestPermission().then(async (given) => {
        // No one can answer the question here: headless Chrome denies it, the shell leaves it "default".
        const answer = given === 'default' ? 'denied' : given;
        if (answer !== permission) {
          permission = answer;
          (await status).dispatchEvent(new Event('change'));
        }
        if (typeof callback === 'function') callback(answer);
        return answer;
      }),
  });
})();`;

async function choose(): Promise<Choice> {
  const { executablePath, fontDirs, headlessShell } = await findChromium();
  return {
    launchOptions: {
      executablePath,
      args: [...ARGS],
      headless: true,
      env: { ...process.env, FONTCONFIG_FILE: await fontconfigFile([cjkFontDir(), ...fontDirs]) },
    },
    headlessShell,
  };
}

async function findChromium(): Promise<{
  executablePath: string;
  fontDirs: string[];
  headlessShell: boolean;
}> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH is ${configured}, which does not exist.`);
    return { executablePath: configured, fontDirs: [], headlessShell: false };
  }
  if (existsSync(DEBIAN_CHROMIUM))
    return { executablePath: DEBIAN_CHROMIUM, fontDirs: [], headlessShell: false };
  if (platform() !== 'linux' || arch() !== 'x64') {
    throw new Error(
      `No Chromium: the one @sparticuz/chromium ships runs on Linux x64 only, this is ${platform()} ${arch()}. ` +
        'Set CHROMIUM_PATH to a Chromium or Chrome executable.',
    );
  }
  const home = await unpackNpmChromium();
  // Open Sans, the package's Latin font, for machines without any font at all.
  return {
    executablePath: join(home, 'chromium'),
    fontDirs: [join(home, 'fonts', 'fonts')],
    headlessShell: true,
  };
}

const require = createRequire(import.meta.url);
const execFileAsync = promisify(execFile);

/**
 * Unpacks `@sparticuz/chromium` into a folder of its own under the OS temp folder and returns that
 * folder. The package unpacks into `os.tmpdir()` itself, checking only that the file is there, so a
 * half-written binary (an interrupted run, or another test file unpacking at the same time) would be
 * taken as whole: instead it unpacks in a child process whose TMPDIR is a fresh staging folder, which
 * is then renamed into place in one step. Whoever renames first wins; the others use theirs.
 */
async function unpackNpmChromium(): Promise<string> {
  const entry = require.resolve('@sparticuz/chromium');
  const packageDir = join(dirname(entry), '..');
  const { version } = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const home = join(tmpdir(), `sparticuz-chromium-${version}-${process.getuid?.() ?? 0}`);
  if (existsSync(join(home, 'chromium'))) return home;

  const staging = await mkdtemp(`${home}.unpacking-`);
  try {
    const script = `const { default: chromium } = await import(${JSON.stringify(pathToFileURL(entry).href)});
process.stdout.write(await chromium.executablePath());`;
    const { stdout } = await execFileAsync(process.execPath, ['--input-type=module', '--eval', script], {
      env: { ...process.env, TMPDIR: staging },
    });
    if (stdout !== join(staging, 'chromium')) {
      throw new Error(`@sparticuz/chromium unpacked to ${stdout}, not into ${staging}`);
    }
    await rename(staging, home);
    return home;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (existsSync(join(home, 'chromium'))) return home;
    throw error;
  }
}

/** Where `@embedpdf/fonts-sc` keeps its OpenType files. */
function cjkFontDir(): string {
  const dir = join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
  if (!existsSync(join(dir, 'NotoSansHans-Regular.otf'))) {
    throw new Error(`No Chinese font in ${dir}: run npm install.`);
  }
  return dir;
}

/**
 * A fontconfig file with the system's configuration (where there is one) plus `dirs`, and a cache
 * folder beside it, in a folder under the OS temp folder named after its content: written once,
 * atomically, and shared by concurrent test files and later runs.
 */
async function fontconfigFile(dirs: string[]): Promise<string> {
  const folder = join(
    tmpdir(),
    `wechat-cs-fontconfig-${createHash('sha256').update(dirs.join('\n')).digest('hex').slice(0, 16)}`,
  );
  const file = join(folder, 'fonts.conf');
  if (existsSync(file)) return file;
  const xml = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
    '<fontconfig>',
    ...dirs.map((dir) => `  <dir>${escapeXml(dir)}</dir>`),
    `  <cachedir>${escapeXml(join(folder, 'cache'))}</cachedir>`,
    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
    '  <dir>/usr/share/fonts</dir>',
    '  <dir>/usr/local/share/fonts</dir>',
    '  <dir prefix="xdg">fonts</dir>',
    '</fontconfig>',
    '',
  ].join('\n');
  await mkdir(folder, { recursive: true });
  const partial = `${file}.${process.pid}`;
  await writeFile(partial, xml);
  await rename(partial, file);
  return file;
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
