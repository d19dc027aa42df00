import { defineStore } from 'pinia';
import { api, ApiError, login as apiLogin, logout as apiLogout, session, type AdminRole } from '../api';
import { label, loadLabels } from './labels';

export type Role = AdminRole;
export interface Me {
  id: number;
  username: string;
  role: Role;
}

/** A role's Chinese name, from the server's labels (server/domain/staff/roles.policy.ts). */
export const roleLabel = (role: Role | undefined) => label('role', role);

export const useSession = defineStore('session', {
  // restoreError: the server could not be reached while restoring (the token is kept for a retry).
  state: () => ({ me: null as Me | null, permissions: [] as string[], loaded: false, restoreError: '' }),
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
      this.restoreError = '';
      await loadLabels();
    },
    /** Restores the session after a reload (the token is in localStorage). */
    async restore() {
      if (this.loaded) return;
      if (!session.token) {
        this.loaded = true;
        return;
      }
      try {
        const res = await api('me');
        this.me = res.admin;
        this.permissions = res.permissions;
        this.loaded = true;
        this.restoreError = '';
        await loadLabels();
      } catch (err) {
        // Only the server saying the session is gone ends it; a blip (no answer, a 5xx) keeps the
        // token so a retry restores the same session instead of sending the creator to log in.
        if (err instanceof ApiError && (err.code === 'UNAUTHENTICATED' || err.code === 'FORBIDDEN')) {
          session.set(null);
          this.loaded = true;
        } else {
          this.restoreError = err instanceof Error ? err.message : String(err);
        }
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
