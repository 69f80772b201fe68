// vite.config.js - builds the console into dist/, which `jiceng serve` serves beside the API.
// Element Plus is imported per component (only what a page uses reaches the browser), every page
// is its own chunk (rollup puts what pages share in chunks of their own), and ECharts loads only
// with the statistics. `npm run dev` proxies /api to a
// server on :8080 (`make run`).
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

export default defineConfig({
	plugins: [
		vue(),
		Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false }),
	],
	define: {
		// vue-i18n: messages are compiled without eval, so the server's CSP needs no 'unsafe-eval'
		__VUE_I18N_FULL_INSTALL__: false,
		__VUE_I18N_LEGACY_API__: false,
		__INTLIFY_JIT_COMPILATION__: true,
		__INTLIFY_PROD_DEVTOOLS__: false,
	},
	build: {
		outDir: 'dist',
		emptyOutDir: true,
		chunkSizeWarningLimit: 800,
	},
	server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
