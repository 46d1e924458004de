import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Built into the control plane's wwwroot (committed), so `baton serve` and the function app serve the UI at /ui/ on a fresh clone without Node.js.
export default defineConfig({
  base: '/ui/',
  plugins: [react()],
  build: {
    outDir: '../src/Baton.ControlPlane/wwwroot/ui',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:7071' },
  },
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    environment: 'node',
  },
});
