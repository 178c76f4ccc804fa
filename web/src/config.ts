/**
 * Where the backend lives. Written at deploy time next to index.html, so one build serves every
 * stack and the local runtime.
 */
export interface ConsoleConfig {
  httpApiUrl: string;
  webSocketUrl: string;
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch(new URL('config.json', document.baseURI), { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json answered HTTP ${response.status}`);
  const config = (await response.json()) as Partial<ConsoleConfig>;
  if (!isUrl(config.httpApiUrl, ['http:', 'https:']) || !isUrl(config.webSocketUrl, ['ws:', 'wss:'])) {
    throw new Error('config.json must hold an http(s) httpApiUrl and a ws(s) webSocketUrl');
  }
  return { httpApiUrl: config.httpApiUrl, webSocketUrl: config.webSocketUrl };
}

function isUrl(value: unknown, protocols: string[]): value is string {
  if (typeof value !== 'string') return false;
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
