// main.js - the console's entry: Vue with pinia, the router and the messages.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import 'element-plus/theme-chalk/base.css';
import './style.css';
import App from './App.vue';
import { router } from './router.js';
import { i18n } from './i18n.js';

createApp(App).use(createPinia()).use(router).use(i18n).mount('#app');
