import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Hashed names under /assets/: the gateway caches them for a year and index.html not at all.
    assetsDir: 'assets',
    // Inlined assets would become data: URLs, which the Content-Security-Policy does not allow for scripts.
    assetsInlineLimit: 0,
    target: 'es2022',
  },
});
