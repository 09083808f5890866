import { copyFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build, defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The OnMessageSend handler as one classic script, `dist/events.js`, with everything inlined
 * (classic Outlook runs it without modules or DOM), and the page `dist/events.html` that loads it.
 */
function sendHandlerBundle(): Plugin {
  return {
    name: 'northstar-send-handler',
    apply: 'build',
    async closeBundle() {
      await build({
        configFile: false,
        root,
        logLevel: 'warn',
        build: {
          outDir: 'dist',
          emptyOutDir: false,
          sourcemap: false,
          target: 'es2017',
          minify: true,
          lib: {
            entry: fileURLToPath(new URL('src/events/onMessageSend.ts', import.meta.url)),
            formats: ['iife'],
            name: 'NorthstarSendHandler',
            fileName: () => 'events.js',
          },
        },
      });
      await copyFile(new URL('src/events/events.html', import.meta.url), new URL('dist/events.html', import.meta.url));
    },
  };
}

export default defineConfig({
  root,
  base: '/addin/',
  plugins: [react(), sendHandlerBundle()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
});
