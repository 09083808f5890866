import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/tab/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    /** `.vite/manifest.json`: chunks and their imports, for the per-page bundle figures (test/load/tab-ttfc.ts). */
    manifest: true,
    target: 'es2022',
    rollupOptions: {
      output: {
        /** MSAL alone in its chunk, so code that pages share (the API error type) never drags it in. */
        advancedChunks: { groups: [{ name: 'msal', test: /[\\/]@azure[\\/]msal-/ }] },
      },
    },
  },
});
