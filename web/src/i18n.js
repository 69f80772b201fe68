// i18n.js - Chinese first, English beside it: zh-CN is the default, the choice is remembered in
// the browser, and the page's lang attribute follows it (screen readers read it).
import { createI18n } from 'vue-i18n';
import zhCN from './locales/zh-CN.js';
import en from './locales/en.js';

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('jiceng.locale') : null;

export const i18n = createI18n({
	legacy: false,
	locale: saved === 'en' ? 'en' : 'zh-CN',
	fallbackLocale: 'zh-CN',
	messages: { 'zh-CN': zhCN, en },
});

export function setLocale(locale) {
	i18n.global.locale.value = locale;
	localStorage.setItem('jiceng.locale', locale);
	document.documentElement.lang = locale;
}
document.documentElement.lang = i18n.global.locale.value;
