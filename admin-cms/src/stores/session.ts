import { defineStore } from 'pinia';
import { api, login as apiLogin, logout as apiLogout, session, type AdminRole } from '../api';

export type Role = AdminRole;
export interface Me {
  id: number;
  username: string;
  role: Role;
}

export const ROLE_LABELS: Record<Role, string> = { owner: '所有者', editor: '编辑', support: '客服' };

export const useSession = defineStore('session', {
  state: () => ({ me: null as Me | null, permissions: [] as string[], loaded: false }),
  getters: {
    signedIn: (s) => s.me !== null,
    can: (s) => (permission: string) => s.permissions.includes(permission),
  },
  actions: {
    async login(username: string, password: string) {
      const res = await apiLogin(username, password);
      this.me = { id: res.admin.id, username: res.admin.username, role: res.admin.role };
      this.permissions = res.admin.permissions;
      this.loaded = true;
    },
    /** Restores the session after a reload (the token is in localStorage). */
    async restore() {
      if (this.loaded) return;
      this.loaded = true;
      if (!session.token) return;
      try {
        const res = await api('me');
        this.me = res.admin;
        this.permissions = res.permissions;
      } catch {
        session.set(null);
      }
    },
    async logout() {
      await apiLogout();
      this.me = null;
      this.permissions = [];
    },
    expire() {
      session.set(null);
      this.me = null;
      this.permissions = [];
    },
  },
});
