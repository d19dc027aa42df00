import { createApp } from 'vue';
import { createPinia } from 'pinia';
import 'tdesign-vue-next/es/style/index.css';
import App from './App.vue';
import { router } from './router';
import { setUnauthenticatedHandler } from './api';
import { useSession } from './stores/session';
import './styles.css';

const app = createApp(App);
const pinia = createPinia();
// TDesign components are imported on demand by vite.config.ts (unplugin-vue-components), not registered here.
app.use(pinia).use(router);
setUnauthenticatedHandler(() => {
  useSession(pinia).expire();
  if (router.currentRoute.value.name !== 'login') router.replace({ name: 'login', query: { expired: '1' } });
});
app.mount('#app');
