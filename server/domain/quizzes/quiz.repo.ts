import type { Knex } from 'knex';
import { toBool, toDate, toNum } from '../../db/values';
import type { QuizQuestion } from './quiz.policy';

export interface QuizRow {
  id: number;
  articleId: number;
  questions: QuizQuestion[];
  updatedAt: Date;
}

export function toQuizRow(r: Record<string, unknown>): QuizRow {
  return {
    id: Number(r.id),
    articleId: Number(r.article_id),
    questions: JSON.parse(String(r.questions_json)) as QuizQuestion[],
    updatedAt: toDate(r.updated_at)!,
  };
}

export async function findQuiz(db: Knex | Knex.Transaction, articleId: number): Promise<QuizRow | null> {
  const row = await db('quizzes').where('article_id', articleId).first();
  return row ? toQuizRow(row) : null;
}

export interface BestResult {
  bestScore: number;
  total: number;
  passed: boolean;
  attempts: number;
  lastSubmittedAt: string;
}

export function toBest(r: Record<string, unknown>): BestResult {
  return {
    bestScore: toNum(r.best_score),
    total: toNum(r.total),
    passed: toBool(r.passed),
    attempts: toNum(r.attempts),
    lastSubmittedAt: toDate(r.last_submitted_at)!.toISOString(),
  };
}

export async function findBest(db: Knex, quizId: number, userId: number): Promise<BestResult | null> {
  const row = await db('quiz_results').where({ quiz_id: quizId, user_id: userId }).first();
  return row ? toBest(row) : null;
}
