/** Learning progress: the learner-facing service (the CMS's progress reports live in domain/reporting). */
export * as progress from './progress.service';
export { STUDY_RULES, measureStudy } from './study-time.policy';
export { studyDayOf } from '../calendar/shanghai-calendar';
