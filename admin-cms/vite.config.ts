import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { TDesignResolver } from 'unplugin-vue-components/resolvers';

/**
 * Writes `.gz` and `.br` beside every text asset of the build, so the local runtime's static
 * server (sirv's `gzip`/`brotli` options) sends them precompressed, at the best levels, with no
 * CPU spent per request. CloudBase static hosting compresses on its own and ignores them.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'zhishi-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        fs
          .readdirSync(dir, { withFileTypes: true })
          .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json)$/.test(file) || file.includes(`${path.sep}.vite${path.sep}`)) continue;
        const body = fs.readFileSync(file);
        if (body.length < 1024) continue;
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(body, { level: 9 }));
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
      }
    },
  };
}

// Served at /admin/ both by the local emulator and by CloudBase static hosting (cloudPath /admin).
export default defineConfig({
  base: '/admin/',
  // TanStack Query reaches Vue through vue-demi; src/vue-demi.ts says why it is replaced.
  resolve: { alias: { 'vue-demi': fileURLToPath(new URL('./src/vue-demi.ts', import.meta.url)) } },
  plugins: [
    vue(),
    // TDesign components are imported where a template uses them (no global registration of
    // the whole library), so each page's chunk carries only its own components. Their styles
    // stay the one global stylesheet main.ts imports (tokens, and the plugins' message/dialog).
    Components({ resolvers: [TDesignResolver({ library: 'vue-next', importStyle: false })], dts: false, dirs: [] }),
    precompress(),
  ],
  server: {
    port: 5173,
    // `npm run dev` talks to a running `npm start` (the emulator) on :3000.
    proxy: { '/fn': 'http://127.0.0.1:3000', '/media': 'http://127.0.0.1:3000' },
  },
  build: {
    // The import graph, read by `npm run bench:cms` to size what each page downloads.
    manifest: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // Only the SDK is pinned to a chunk of its own; TDesign and ECharts split along the
        // pages that use them (ECharts: the dashboard only).
        manualChunks(id: string) {
          if (id.includes('@cloudbase')) return 'cloudbase';
          return undefined;
        },
      },
    },
  },
});
