import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

// In development Vite serves the app and forwards everything the server owns to it, so the
// dashboard talks to the API from the same origin exactly as it does in production.
const apiUrl = process.env.TRIPSWITCH_API_URL ?? 'http://localhost:4000';
const serverPaths = ['/api', '/sdk', '/docs', '/openapi.json', '/healthz', '/readyz', '/metrics'];

export default defineConfig({
  plugins: [react()],
  // The SDK from its TypeScript sources (the workspace never builds it first): see sdk/package.json.
  resolve: { conditions: ['@tripswitch/source', ...defaultClientConditions] },
  server: {
    proxy: Object.fromEntries(serverPaths.map((path) => [path, { target: apiUrl }])),
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
});
