/**
 * What TanStack Query imports from vue-demi (its bridge between Vue 2 and 3), for Vue 3 only.
 * vue-demi itself does `import * as Vue from 'vue'` and re-exports the namespace, which keeps
 * every export of Vue in the entry chunk, the login page's included; named re-exports let the
 * bundler drop what nobody uses (vite.config.ts aliases vue-demi here).
 */
export * from 'vue';
export const isVue2 = false;
export const isVue3 = true;
export const Vue2 = undefined;
export function install() {}
