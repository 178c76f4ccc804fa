import { defineConfig, type Plugin } from 'vite';

/** The folder of this file: `vite build web` and the e2e test's `build({ configFile })` both land here. */
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);

/**
 * In the cloud and in the local runtime, `/config.json` sits next to index.html. The dev server makes
 * one up so `npm run dev:web` talks to `npm start`'s runtime (its default ports) without a file to
 * keep out of git; CONSOLE_HTTP_API_URL and CONSOLE_WEBSOCKET_URL point it elsewhere.
 */
function devConfigJson(): Plugin {
  return {
    name: 'console-dev-config-json',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use('/config.json', (_request, response) => {
        response.setHeader('content-type', 'application/json; charset=utf-8');
        response.setHeader('cache-control', 'no-store');
        response.end(
          JSON.stringify({
            httpApiUrl: process.env.CONSOLE_HTTP_API_URL ?? 'http://127.0.0.1:3000',
            webSocketUrl: process.env.CONSOLE_WEBSOCKET_URL ?? 'ws://127.0.0.1:3001',
          }),
        );
      });
    },
  };
}

/**
 * Defence in depth against script injection: even if customer text ever reached the DOM as HTML, no
 * inline or foreign script would run. Endpoints come from config.json at run time, so connections,
 * images, voices and videos are allowed to any http(s)/ws(s) origin (the media bucket's links among
 * them), and decoded voices from blob: URLs; scripts and styles only from the console's own, and
 * WebAssembly compiled from them (the AMR decoder), which `wasm-unsafe-eval` allows without `eval`.
 * Build only: the dev server injects inline styles for hot reload.
 */
function contentSecurityPolicy(): Plugin {
  const policy = [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "media-src 'self' blob: https: http:",
    "img-src 'self' data: blob: https: http:",
    "connect-src 'self' https: http: wss: ws:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');
  return {
    name: 'console-content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: policy },
        injectTo: 'head-prepend',
      },
    ],
  };
}

export default defineConfig({
  root,
  // Relative asset URLs: the same build works at a CloudFront root, under a path, or from a test server.
  base: './',
  // Vite 8 compiles TSX with oxc; pointing its automatic JSX runtime at Preact replaces a plugin.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: { host: '127.0.0.1', port: 5173 },
  plugins: [devConfigJson(), contentSecurityPolicy()],
});
