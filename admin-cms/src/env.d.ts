/// <reference types="vite/client" />
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, any>;
  export default component;
}
interface ImportMetaEnv {
  readonly VITE_API_MODE: 'local' | 'cloud';
  readonly VITE_TCB_ENV_ID?: string;
}
