/** Learning progress: the learner-facing service and the admin-side queries the CMS uses. */
export * as progress from './progress.service';
export { columnFunnel, userProgress, type FunnelStep, type UserProgressItem, type UserProgressPage } from './progress.admin';
export { STUDY_RULES, measureStudy } from './study-time.policy';
export { studyDayOf } from '../calendar/shanghai-calendar';
