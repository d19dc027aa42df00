import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// Served at /admin/ both by the local emulator and by CloudBase static hosting (cloudPath /admin).
export default defineConfig({
  base: '/admin/',
  plugins: [vue()],
  server: {
    port: 5173,
    // `npm run dev` talks to a running `npm start` (the emulator) on :3000.
    proxy: { '/fn': 'http://127.0.0.1:3000', '/media': 'http://127.0.0.1:3000' },
  },
  build: {
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        manualChunks(id: string) {
          if (id.includes('echarts') || id.includes('zrender')) return 'charts';
          if (id.includes('tdesign')) return 'tdesign';
          if (id.includes('@cloudbase')) return 'cloudbase';
          return undefined;
        },
      },
    },
  },
});
